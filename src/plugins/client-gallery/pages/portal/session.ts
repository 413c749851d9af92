/**
 * The portal's session: the users-permissions JWT lives in sessionStorage only (closing the tab
 * logs out); the grid/table choice is a preference, kept in localStorage.
 */
const JWT_KEY = 'cg_portal_jwt';
const LAYOUT_KEY = 'cg_portal_layout';
export type Layout = 'grid' | 'table';

export const session = {
  jwt: (): string | null => sessionStorage.getItem(JWT_KEY),
  logIn: (jwt: string) => sessionStorage.setItem(JWT_KEY, jwt),
  logOut: () => sessionStorage.removeItem(JWT_KEY),
};

export function layout(): Layout {
  return localStorage.getItem(LAYOUT_KEY) === 'table' ? 'table' : 'grid';
}

export function setLayout(value: Layout) {
  localStorage.setItem(LAYOUT_KEY, value);
}


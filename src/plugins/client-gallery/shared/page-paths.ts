/**
 * The public pages' paths, written once: the server routes them and links to them (mails, the
 * portal's users-permissions set-up), the admin shows a link's page, and the pages' own scripts
 * move between them.
 */

/** Where a share link's page lives: `/g/<token>` (a link token, or a signed access token standing in for one). */
export const GALLERY_PAGE_PATH = '/g/';

export function galleryPagePath(token: string): string {
  return `${GALLERY_PAGE_PATH}${encodeURIComponent(token)}`;
}

/**
 * The portal's pages: one shell serves them all and its script routes by path. The reset page is
 * where users-permissions' password-reset mail links.
 */
export const PORTAL_PAGES = {
  home: '/portal',
  signUp: '/portal/sign-up',
  forgotPassword: '/portal/forgot-password',
  resetPassword: '/portal/reset-password',
} as const;

import { PLUGIN_ID } from './permissions';

/**
 * The admin pages' paths, written once: the admin routes them (pages/App.tsx) and the server
 * links to them from mails. A mail once linked `/activity`, a page that never existed.
 */
export const ADMIN_PAGES = {
  notifications: 'notifications',
  client: 'clients/:documentId',
  compare: 'clients/:documentId/compare',
  markup: 'clients/:documentId/markup/:imageId',
} as const;

/** `/admin/plugins/client-gallery/<page>` with its parameters filled in. */
export function adminPagePath(page: keyof typeof ADMIN_PAGES, params: Record<string, string> = {}): string {
  const path = ADMIN_PAGES[page].replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return `/admin/plugins/${PLUGIN_ID}/${path}`;
}

import { PLUGIN_ID } from './permissions';

/**
 * The admin pages' paths, written once: the admin routes them (pages/App.tsx) and the server
 * links to them from mails. A mail once linked `/activity`, a page that never existed.
 */
export const ADMIN_PAGES = {
  notifications: 'notifications',
  dashboard: 'dashboard',
  client: 'clients/:documentId',
  compare: 'clients/:documentId/compare',
  markup: 'clients/:documentId/markup/:imageId',
} as const;

/** `/admin/plugins/client-gallery/<page>` with its parameters filled in. */
export function adminPagePath(page: keyof typeof ADMIN_PAGES, params: Record<string, string> = {}): string {
  const path = ADMIN_PAGES[page].replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  return `/admin/plugins/${PLUGIN_ID}/${path}`;
}

/**
 * A proofing thread in the admin: the client's page, with the gallery's Proofing dialog open on one
 * link's thread (a photo's, or the gallery's own when there is no photo). The comment digest links
 * here, so the studio lands where it can reply. The query survives the sign-in page (Strapi sends
 * the user back to the path and query it came for).
 */
export interface ProofingThreadRef {
  clientDocumentId: string;
  galleryDocumentId: string;
  linkDocumentId: string;
  imageDocumentId: string | null;
}

/** The query keys of a proofing-thread link, written once for the mail and the page that reads it. */
const THREAD_QUERY = { gallery: 'proofing', link: 'link', photo: 'photo' } as const;

export function proofingThreadPath(ref: ProofingThreadRef): string {
  const query = new URLSearchParams({ [THREAD_QUERY.gallery]: ref.galleryDocumentId, [THREAD_QUERY.link]: ref.linkDocumentId });
  if (ref.imageDocumentId) query.set(THREAD_QUERY.photo, ref.imageDocumentId);
  return `${adminPagePath('client', { documentId: ref.clientDocumentId })}?${query.toString()}`;
}

/** The thread a client page's query asks to open, if any (the client comes from the path). */
export function readProofingThread(search: string): Omit<ProofingThreadRef, 'clientDocumentId'> | null {
  const query = new URLSearchParams(search);
  const galleryDocumentId = query.get(THREAD_QUERY.gallery);
  const linkDocumentId = query.get(THREAD_QUERY.link);
  if (!galleryDocumentId || !linkDocumentId) return null;
  return { galleryDocumentId, linkDocumentId, imageDocumentId: query.get(THREAD_QUERY.photo) || null };
}

/** The same search without a thread's keys (once the dialog it opened is closed). */
export function withoutProofingThread(search: string): string {
  const query = new URLSearchParams(search);
  for (const key of Object.values(THREAD_QUERY)) query.delete(key);
  const rest = query.toString();
  return rest ? `?${rest}` : '';
}

/** The client page's tabs a link may open (the page reads `tab`). */
export type ClientTab = 'photos' | 'sharing' | 'activity';

/** The client page on one tab, optionally naming the gallery (and link) it is about. */
export function clientTabPath(clientDocumentId: string, tab: ClientTab, about: { galleryDocumentId?: string; linkDocumentId?: string } = {}): string {
  const query = new URLSearchParams({ tab });
  if (about.galleryDocumentId) query.set('gallery', about.galleryDocumentId);
  if (about.linkDocumentId) query.set('link', about.linkDocumentId);
  return `${adminPagePath('client', { documentId: clientDocumentId })}?${query.toString()}`;
}

/** The tab a client page's query names, if it is one of the page's tabs. */
export function readClientTab(search: string): ClientTab | null {
  const tab = new URLSearchParams(search).get('tab');
  return tab === 'photos' || tab === 'sharing' || tab === 'activity' ? tab : null;
}

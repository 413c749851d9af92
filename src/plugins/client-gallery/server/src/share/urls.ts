import { adminPagePath, proofingThreadPath, type ProofingThreadRef } from '../../../shared/admin-paths';
import { galleryPagePath } from '../../../shared/page-paths';

/**
 * Links in mails and pages. `base` is the studio's public URL (studio-settings studio().publicUrl:
 * PUBLIC_URL or the saved one, else the server's own absolute URL), without a trailing slash.
 */

/** The public gallery page of a link (or signed access) token. */
export function galleryPageUrl(base: string, token: string): string {
  return `${base}${galleryPagePath(token)}`;
}

/** Where a milestone mail sends the studio: the notifications page (unread milestones, with their activity). */
export function adminActivityUrl(base: string): string {
  return `${base}${adminPagePath('notifications')}`;
}

/** Where a comment digest sends the studio: the thread itself, in the gallery's Proofing dialog, where it can reply. */
export function adminProofingThreadUrl(base: string, ref: ProofingThreadRef): string {
  return `${base}${proofingThreadPath(ref)}`;
}

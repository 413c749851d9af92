/**
 * The counts as a spreadsheet: one row per link, with its gallery. Pure, so the columns and their
 * escaping are tested as a table (tests/unit/counts-export.test.ts).
 */
import type { GalleryCounts, LinkCounts } from '../../../shared/dashboard';
import { csvTable } from './csv';

const COLUMNS: ReadonlyArray<{ header: string; value: (row: LinkCounts) => string | number | null }> = [
  { header: 'gallery', value: (row) => row.gallery.title },
  { header: 'gallery_id', value: (row) => row.gallery.documentId },
  { header: 'link_id', value: (row) => row.link.documentId },
  { header: 'link_kind', value: (row) => row.link.kind },
  { header: 'recipient_name', value: (row) => row.link.recipientName },
  { header: 'recipient_email', value: (row) => row.link.recipientEmail },
  { header: 'revoked', value: (row) => (row.link.revoked ? 'yes' : 'no') },
  { header: 'visitor_days', value: (row) => row.views },
  { header: 'favourites', value: (row) => row.favourites },
  { header: 'selections_confirmed', value: (row) => row.selections },
  { header: 'downloads_used', value: (row) => row.downloadsUsed },
  { header: 'download_limit', value: (row) => row.downloadLimit },
  { header: 'photos_downloaded', value: (row) => row.downloads },
  { header: 'packages_downloaded', value: (row) => row.packages },
  { header: 'comments', value: (row) => row.comments },
  { header: 'last_visit', value: (row) => row.lastVisitAt },
];

export function countsCsv(galleries: readonly GalleryCounts[]): string {
  return csvTable(COLUMNS, galleries.flatMap((gallery) => gallery.links));
}

import type { Core } from '@strapi/strapi';
import { SelectionRoundNotFoundError, ShareLinkNotFoundError } from '../../lib/errors';
import { exportPhotos, type ExportFormat, type ExportPhoto } from '../../lib/proofing-export';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import type { PublicRound } from '../../../../shared/public-api';
import { LISTED_FIELDS, SOURCE_FILE_FIELDS } from '../../queries/image-rows';

const LINK = UID.shareLink;
const FAVOURITE = UID.favourite;
const IMAGE = UID.galleryImage;

export type ExportList = 'selection' | 'favourites';

/**
 * The studio's side of proofing, per gallery: for each recipient's link, their
 * favourites, selection with its rounds, comment threads and review marks; and exports of a
 * selection or favourites list for editing software.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  async function favouriteIds(linkId: number): Promise<string[]> {
    const rows = await strapi.db
      .query(FAVOURITE)
      .findMany({ where: { link: { id: linkId } }, orderBy: { id: 'asc' }, populate: { image: { select: ['documentId'] } } });
    return rows.map((row: any) => row.image?.documentId).filter(Boolean);
  }

  /** The photos the Proofing view shows, with what a staff thumbnail and preview need; 500 ids a statement. */
  async function shownPhotos(documentIds: string[]): Promise<any[]> {
    const rows: any[] = [];
    for (let i = 0; i < documentIds.length; i += 500) {
      rows.push(
        ...(await strapi.db.query(IMAGE).findMany({
          where: { documentId: { $in: documentIds.slice(i, i + 500) } },
          select: [...LISTED_FIELDS],
          populate: { file: { select: ['name', ...SOURCE_FILE_FIELDS] }, markupOf: { select: ['documentId'] } },
        })),
      );
    }
    return rows;
  }

  async function photos(documentIds: string[]): Promise<ExportPhoto[]> {
    if (documentIds.length === 0) return [];
    const rows = await strapi.db
      .query(IMAGE)
      .findMany({ where: { documentId: { $in: documentIds } }, select: ['documentId', 'label', 'takenAt'], populate: { file: { select: ['name'] } } });
    const byId = new Map<string, any>(rows.map((row: any) => [row.documentId, row]));
    return documentIds.map((id) => {
      const row = byId.get(id);
      return { id, fileName: row?.file?.name ?? null, label: row?.label ?? null, takenAt: row?.takenAt ? new Date(row.takenAt).toISOString() : null };
    });
  }

  return {
    /** GET /client-gallery/galleries/:documentId/proofing: every link's proofing state, with the photos it names (file names and rows). */
    async galleryOverview(galleryDocumentId: string) {
      const links = await getService(strapi, 'share-link').listForGallery(galleryDocumentId);
      const recipients: unknown[] = [];
      const named = new Set<string>();
      for (const link of links) {
        const [favourites, selection, comments, review] = await Promise.all([
          favouriteIds(link.id),
          getService(strapi, 'selection').forLink(link.documentId),
          getService(strapi, 'comment').forLink(link.documentId),
          getService(strapi, 'review').forLink(link.documentId),
        ]);
        // Every photo the view names: a thread or a review mark on a photo nobody selected needs its file name too.
        [
          ...favourites,
          ...selection.items,
          ...selection.rounds.flatMap((round: PublicRound) => round.items),
          ...comments.map((comment: { imageId: string | null }) => comment.imageId),
          ...review.map((mark) => mark.imageId),
        ].forEach((id) => id && named.add(id));
        recipients.push({ link: getService(strapi, 'share-link').toAdmin(link), favourites, selection, comments, review });
      }
      const rows = await shownPhotos([...named]);
      const fileNames = Object.fromEntries(rows.map((row) => [row.documentId, row.file?.name ?? null]));
      // The rows themselves go to the controller, which gives each its staff URLs (the Photos tab's own).
      return { recipients, fileNames, photoRows: rows };
    },

    /** GET /client-gallery/links/:documentId/export?list=&format=&round=: a selection (working set or a round) or favourites list. */
    async export(linkDocumentId: string, list: ExportList, format: ExportFormat, round?: number) {
      const link = await strapi.db.query(LINK).findOne({ where: { documentId: linkDocumentId }, select: ['id', 'documentId', 'recipientEmail'] });
      if (!link) throw new ShareLinkNotFoundError();
      let ids: string[];
      if (list === 'favourites') ids = await favouriteIds(link.id);
      else {
        const selection = await getService(strapi, 'selection').forLink(link.documentId);
        if (round === undefined) ids = selection.items;
        else {
          const frozen = selection.rounds.find((candidate: PublicRound) => candidate.round === round);
          if (!frozen) throw new SelectionRoundNotFoundError();
          ids = frozen.items;
        }
      }
      const who = (link.recipientEmail ?? 'general').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
      const out = exportPhotos(await photos(ids), format);
      return { ...out, fileName: `${list}-${who}${round ? `-round-${round}` : ''}.${out.extension}` };
    },
  };
};

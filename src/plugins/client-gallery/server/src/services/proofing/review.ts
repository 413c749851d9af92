import type { Core } from '@strapi/strapi';
import { GalleryImageNotFoundError, isUniqueViolation, ShareLinkNotFoundError } from '../../lib/errors';
import type { ShareAccess } from '../../queries/share-rows';
import type { ReviewDecision } from '../../../../shared/public-api';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const MARK = UID.reviewMark;
const LINK = UID.shareLink;
const IMAGE = UID.galleryImage;

const pairKey = (linkId: number, imageId: number) => `${linkId}:${imageId}`;
const toMark = (row: any) => ({
  imageId: row.image?.documentId ?? null,
  decision: row.decision as ReviewDecision,
  note: row.note ?? null,
  decidedBy: row.decidedBy ?? 'client',
  updatedAt: new Date(row.updatedAt ?? row.createdAt).toISOString(),
});

/**
 * Advanced review: in a gallery with review enabled, the client marks each photo
 * "approved" or "changes requested" (with a note); the studio sees the checklist and sets a
 * photo back to "in review" once a new version is up. One mark per (link, photo), unique in the
 * database, so two tabs marking at once leave one mark (the last write wins).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const shareAccess = () => getService(strapi, 'share-access');
  const marks = () => strapi.db.query(MARK);

  async function upsert(linkId: number, imageId: number, data: { decision: ReviewDecision; note: string | null; decidedBy: 'client' | 'studio' }) {
    const key = pairKey(linkId, imageId);
    const update = () => marks().update({ where: { pairKey: key }, data, populate: { image: { select: ['documentId'] } } });
    if (await marks().findOne({ where: { pairKey: key }, select: ['id'] })) return update();
    try {
      return await strapi.db.transaction(() =>
        marks().create({ data: { ...data, link: linkId, image: imageId, pairKey: key }, populate: { image: { select: ['documentId'] } } }),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return update();
    }
  }

  return {
    /** GET /api/share/:token/review: the visitor's marks, readable in every status. */
    async visitorMarks(access: ShareAccess) {
      const { link } = shareAccess().authorize(access, 'own');
      const rows = await marks().findMany({ where: { link: { id: link.id } }, orderBy: { id: 'asc' }, populate: { image: { select: ['documentId'] } } });
      return { marks: rows.map(toMark), open: shareAccess().can(access, 'review') };
    },

    /** PUT /api/share/:token/images/:imageId/review {decision, note?} (validated by the controller). */
    async mark(access: ShareAccess, imageDocumentId: string, decision: 'approved' | 'changes-requested', note: string | null) {
      const { link } = shareAccess().authorize(access, 'review');
      const image = await shareAccess().requireImage(access, imageDocumentId);
      await getService(strapi, 'access-attempt').takeVisitorWrite({ kind: 'mark', linkId: link.id });
      return toMark(await upsert(link.id, image.id, { decision, note: decision === 'approved' ? null : note, decidedBy: 'client' }));
    },

    /** The studio's checklist of one link: every mark, oldest first. */
    async forLink(linkDocumentId: string) {
      const link = await strapi.db.query(LINK).findOne({ where: { documentId: linkDocumentId }, select: ['id'] });
      if (!link) throw new ShareLinkNotFoundError();
      const rows = await marks().findMany({ where: { link: { id: link.id } }, orderBy: { id: 'asc' }, populate: { image: { select: ['documentId'] } } });
      return rows.map(toMark);
    },

    /** The studio sets a photo back to "in review" (a new version is up); the client's note stays for reference. */
    async setInReview(linkDocumentId: string, imageDocumentId: string) {
      const link = await strapi.db.query(LINK).findOne({ where: { documentId: linkDocumentId }, select: ['id'] });
      if (!link) throw new ShareLinkNotFoundError();
      const image = await strapi.db.query(IMAGE).findOne({ where: { documentId: imageDocumentId }, select: ['id'] });
      const existing = image ? await marks().findOne({ where: { pairKey: pairKey(link.id, image.id) } }) : null;
      if (!image || !existing) throw new GalleryImageNotFoundError();
      return toMark(
        await marks().update({
          where: { id: existing.id },
          data: { decision: 'in-review', decidedBy: 'studio' },
          populate: { image: { select: ['documentId'] } },
        }),
      );
    },
  };
};

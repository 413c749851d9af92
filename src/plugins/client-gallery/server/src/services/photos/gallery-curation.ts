import type { Core } from '@strapi/strapi';
import { GalleryNotFoundError, InvalidGalleryPhotosError } from '../../lib/errors';
import type { ImageSource } from '../../../../shared/contracts';
import { visiblePhotos } from '../../admin/access';
import { PROOFING_FIELDS } from '../../queries/galleries';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const GALLERY = UID.gallery;
const IMAGE = UID.galleryImage;
const LINK = UID.shareLink;

/**
 * Curating a gallery after it was made (Modify client gallery): add, remove and reorder its
 * photos, choose its cover, duplicate it, delete it. Membership is the gallery's entries
 * (gallery-membership), keyed by documentId, so a change to it shows to visitors at once; the
 * cover is a field of the gallery, so a published gallery is published again when it changes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const membership = () => getService(strapi, 'gallery-membership');
  const galleries = () => getService(strapi, 'gallery');

  /** The gallery's draft row (which carries its content) and its client. */
  async function galleryOf(documentId: string) {
    const draft = await strapi.db.query(GALLERY).findOne({
      where: { documentId, publishedAt: null },
      select: [
        'id',
        'documentId',
        'title',
        'stage',
        'shootDate',
        'deadline',
        'welcomeNote',
        ...PROOFING_FIELDS,
      ],
      populate: { client: { select: ['id', 'documentId'] }, cover: { select: ['id', 'documentId'] }, watermarkDesign: { select: ['documentId'] } },
    });
    if (!draft?.client) throw new GalleryNotFoundError();
    return draft;
  }

  /**
   * The ids of photos named by documentId, in the order named: each must be a final photo of the
   * gallery's client that this staff member may see, or nothing changes (400 naming the others).
   */
  async function photosOf(clientId: number, documentIds: string[], sources: ImageSource[]): Promise<number[]> {
    const unique = [...new Set(documentIds)];
    const rows: Array<{ id: number; documentId: string }> = await strapi.db.query(IMAGE).findMany({
      where: { $and: [{ client: { id: clientId } }, { documentId: { $in: unique } }, visiblePhotos(strapi, sources).where] },
      select: ['id', 'documentId'],
    });
    const byDocumentId = new Map(rows.map((row) => [row.documentId, row.id]));
    const foreign = unique.filter((id) => !byDocumentId.has(id));
    if (foreign.length > 0) throw new InvalidGalleryPhotosError(`${foreign.length} of the photos are not this client's`, { imageIds: foreign });
    return unique.map((id) => byDocumentId.get(id)!);
  }

  async function isPublished(documentId: string) {
    return (await strapi.db.query(GALLERY).count({ where: { documentId, publishedAt: { $notNull: true } } })) > 0;
  }

  /** Write the cover on the draft, and on the live version at once when the gallery is published. */
  async function writeCover(documentId: string, coverDocumentId: string | null) {
    const live = await isPublished(documentId);
    await strapi.documents(GALLERY).update({ documentId, data: { cover: coverDocumentId } as any });
    if (live) await strapi.documents(GALLERY).publish({ documentId });
  }

  /**
   * The gallery's photos in its order, as ids and documentIds: every one (`'all'`), or those a staff
   * member sees from `sources` (the same rule as the gallery's count, admin/access visiblePhotos).
   */
  async function membersInOrder(documentId: string, sources: ImageSource[] | 'all') {
    const ids = await membership().imageIds(documentId);
    const rows: Array<{ id: number; documentId: string }> = [];
    const rule = sources === 'all' ? {} : visiblePhotos(strapi, sources).where;
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(...(await strapi.db.query(IMAGE).findMany({ where: { $and: [{ id: { $in: ids.slice(i, i + 500) } }, rule] }, select: ['id', 'documentId'] })));
    }
    const byId = new Map(rows.map((row) => [row.id, row.documentId]));
    return ids.filter((id) => byId.has(id)).map((id) => ({ id, documentId: byId.get(id)! }));
  }

  /** The gallery's photos (documentIds) in its order, as this staff member sees them. */
  async function orderOf(documentId: string, sources: ImageSource[] | 'all'): Promise<string[]> {
    return (await membersInOrder(documentId, sources)).map((row) => row.documentId);
  }

  return {
    orderOf,

    /** Add photos at the end, in the order named; photos already in the gallery stay where they are. */
    async addPhotos(documentId: string, imageDocumentIds: string[], sources: ImageSource[]) {
      const gallery = await galleryOf(documentId);
      await membership().append(documentId, await photosOf(gallery.client.id, imageDocumentIds, sources));
      if (!gallery.cover) await writeCover(documentId, (await orderOf(documentId, 'all'))[0] ?? null);
      return galleries().summary(documentId, sources);
    },

    /** Take photos out (they stay the client's); only photos this staff member sees. A removed cover passes to the first photo left. */
    async removePhotos(documentId: string, imageDocumentIds: string[], sources: ImageSource[]) {
      const gallery = await galleryOf(documentId);
      const rows: Array<{ id: number }> = await strapi.db
        .query(IMAGE)
        .findMany({ where: { $and: [{ documentId: { $in: [...new Set(imageDocumentIds)] } }, visiblePhotos(strapi, sources).where] }, select: ['id'] });
      await membership().remove(
        documentId,
        rows.map((row) => row.id),
      );
      if (gallery.cover && imageDocumentIds.includes(gallery.cover.documentId)) await writeCover(documentId, (await orderOf(documentId, 'all'))[0] ?? null);
      return galleries().summary(documentId, sources);
    },

    /**
     * Put the gallery's photos in this order: exactly the photos this staff member sees in it, each
     * once (else 400, nothing moves). Photos they do not see keep their places; the others fill
     * the remaining places in the new order.
     */
    async reorder(documentId: string, imageDocumentIds: string[], sources: ImageSource[]) {
      await galleryOf(documentId);
      const all = await membersInOrder(documentId, 'all');
      const seen = await membersInOrder(documentId, sources);
      const named = new Set(imageDocumentIds);
      if (named.size !== imageDocumentIds.length || named.size !== seen.length || seen.some((row) => !named.has(row.documentId))) {
        throw new InvalidGalleryPhotosError('Name every photo of the gallery exactly once, in the new order', {
          expected: seen.length,
          got: imageDocumentIds.length,
        });
      }
      const byDocumentId = new Map(seen.map((row) => [row.documentId, row.id]));
      const seenIds = new Set(seen.map((row) => row.id));
      const next = imageDocumentIds.map((id) => byDocumentId.get(id)!);
      let k = 0;
      await membership().set(
        documentId,
        all.map((row) => (seenIds.has(row.id) ? next[k++] : row.id)),
      );
      return orderOf(documentId, sources);
    },

    /** Choose the cover among the gallery's photos (400 for a photo it does not hold). */
    async setCover(documentId: string, imageDocumentId: string, sources: ImageSource[]) {
      await galleryOf(documentId);
      await this.requireMember(documentId, { documentId: imageDocumentId });
      await writeCover(documentId, imageDocumentId);
      return galleries().summary(documentId, sources);
    },

    /** The cover rule, for this route and for every other writer of a gallery's cover (hooks/domain-rules.ts). */
    async requireMember(documentId: string, ref: { documentId?: string; id?: number }) {
      const image = await strapi.db.query(IMAGE).findOne({ where: ref.documentId ? { documentId: ref.documentId } : { id: ref.id }, select: ['id', 'documentId'] });
      if (!image || (await membership().members(documentId, [image.id])).size === 0) {
        throw new InvalidGalleryPhotosError("The cover must be one of the gallery's photos", { imageId: image?.documentId ?? ref.documentId ?? ref.id });
      }
    },

    /** A new, unpublished gallery with the same details, photos (same order) and cover; no links. */
    async duplicate(documentId: string, sources: ImageSource[]) {
      const { id, documentId: _, client, cover, watermarkDesign, title, ...details } = await galleryOf(documentId);
      // A copy is the same gallery for its visitors: every photo goes, the ones this staff member does not see too.
      const order = await orderOf(documentId, 'all');
      const copy = await strapi.documents(GALLERY).create({
        data: {
          ...details,
          title: `${title} (copy)`.slice(0, 200),
          client: client.documentId,
          cover: cover?.documentId ?? null,
          watermarkDesign: watermarkDesign?.documentId ?? null,
          images: order,
        } as any,
      });
      return galleries().summary(copy.documentId, sources);
    },

    /** Delete the gallery: its entries go (membership hook) and its links with it; the photos stay the client's. */
    async remove(documentId: string) {
      await galleryOf(documentId);
      await strapi.db.transaction(async () => {
        const links: Array<{ documentId: string }> = await strapi.db.query(LINK).findMany({ where: { gallery: { documentId } }, select: ['documentId'] });
        for (const link of links) await strapi.documents(LINK).delete({ documentId: link.documentId });
        await strapi.documents(GALLERY).delete({ documentId });
      });
    },
  };
};

import type { Core } from '@strapi/strapi';
import { GalleryNotFoundError, InvalidGalleryPhotosError } from '../lib/errors';
import { NOT_A_MARKUP_DRAFT, type ImageSource } from './gallery-image';
import { PROOFING_FIELDS } from './gallery';
import { UID } from '../uids';
import { getService } from '../get-service';

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
      where: { $and: [{ client: { id: clientId } }, { documentId: { $in: unique } }, { source: { $in: sources } }, NOT_A_MARKUP_DRAFT] },
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

  /** The gallery's photos (documentIds) in its order. */
  async function orderOf(documentId: string): Promise<string[]> {
    const ids = await membership().imageIds(documentId);
    const rows: Array<{ id: number; documentId: string }> = [];
    for (let i = 0; i < ids.length; i += 500) {
      rows.push(...(await strapi.db.query(IMAGE).findMany({ where: { id: { $in: ids.slice(i, i + 500) } }, select: ['id', 'documentId'] })));
    }
    const byId = new Map(rows.map((row) => [row.id, row.documentId]));
    return ids.map((id) => byId.get(id)).filter((id): id is string => Boolean(id));
  }

  return {
    orderOf,

    /** Add photos at the end, in the order named; photos already in the gallery stay where they are. */
    async addPhotos(documentId: string, imageDocumentIds: string[], sources: ImageSource[]) {
      const gallery = await galleryOf(documentId);
      await membership().append(documentId, await photosOf(gallery.client.id, imageDocumentIds, sources));
      if (!gallery.cover) await writeCover(documentId, (await orderOf(documentId))[0] ?? null);
      return galleries().summary(documentId);
    },

    /** Take photos out (they stay the client's). A removed cover passes to the first photo left. */
    async removePhotos(documentId: string, imageDocumentIds: string[]) {
      const gallery = await galleryOf(documentId);
      const rows: Array<{ id: number }> = await strapi.db
        .query(IMAGE)
        .findMany({ where: { documentId: { $in: [...new Set(imageDocumentIds)] } }, select: ['id'] });
      await membership().remove(
        documentId,
        rows.map((row) => row.id),
      );
      if (gallery.cover && imageDocumentIds.includes(gallery.cover.documentId)) await writeCover(documentId, (await orderOf(documentId))[0] ?? null);
      return galleries().summary(documentId);
    },

    /** Put the gallery's photos in this order: exactly the photos it holds, each once (else 400, nothing moves). */
    async reorder(documentId: string, imageDocumentIds: string[]) {
      await galleryOf(documentId);
      const current = await orderOf(documentId);
      const named = new Set(imageDocumentIds);
      if (named.size !== imageDocumentIds.length || named.size !== current.length || current.some((id) => !named.has(id))) {
        throw new InvalidGalleryPhotosError('Name every photo of the gallery exactly once, in the new order', {
          expected: current.length,
          got: imageDocumentIds.length,
        });
      }
      const ids: Array<{ id: number; documentId: string }> = [];
      for (let i = 0; i < imageDocumentIds.length; i += 500) {
        ids.push(
          ...(await strapi.db.query(IMAGE).findMany({ where: { documentId: { $in: imageDocumentIds.slice(i, i + 500) } }, select: ['id', 'documentId'] })),
        );
      }
      const byDocumentId = new Map(ids.map((row) => [row.documentId, row.id]));
      await membership().set(
        documentId,
        imageDocumentIds.map((id) => byDocumentId.get(id)!),
      );
      return orderOf(documentId);
    },

    /** Choose the cover among the gallery's photos (400 for a photo it does not hold). */
    async setCover(documentId: string, imageDocumentId: string) {
      await galleryOf(documentId);
      await this.requireMember(documentId, { documentId: imageDocumentId });
      await writeCover(documentId, imageDocumentId);
      return galleries().summary(documentId);
    },

    /** The cover rule, for this route and for every other writer of a gallery's cover (hooks/domain-rules.ts). */
    async requireMember(documentId: string, ref: { documentId?: string; id?: number }) {
      const image = await strapi.db.query(IMAGE).findOne({ where: ref.documentId ? { documentId: ref.documentId } : { id: ref.id }, select: ['id', 'documentId'] });
      if (!image || (await membership().members(documentId, [image.id])).size === 0) {
        throw new InvalidGalleryPhotosError("The cover must be one of the gallery's photos", { imageId: image?.documentId ?? ref.documentId ?? ref.id });
      }
    },

    /** A new, unpublished gallery with the same details, photos (same order) and cover; no links. */
    async duplicate(documentId: string) {
      const { id, documentId: _, client, cover, watermarkDesign, title, ...details } = await galleryOf(documentId);
      const order = await orderOf(documentId);
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
      return galleries().summary(copy.documentId);
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

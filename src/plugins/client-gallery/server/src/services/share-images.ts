import type { Core } from '@strapi/strapi';
import { InvalidCursorError } from '../lib/errors';
import { decodeOrderCursor, encodeOrderCursor } from '../lib/keyset-cursor';
import { toPublicImage, type ImageUrls } from '../share/mappers';
import type { ShareAccess } from './share-access';
import { UID } from '../uids';
import { getService } from '../get-service';

const IMAGE = UID.galleryImage;
const FAVOURITE = UID.favourite;
const GRANT = UID.downloadGrant;
const SELECTION_ITEM = UID.selectionItem;
const COMMENT = UID.comment;

/** Every URL a visitor gets is short-lived (DESIGN.md: ≤ 15 min), and no longer than the upload provider's own signed URLs. */
export const URL_TTL_SECONDS = 15 * 60;

export function mediaUrlTtlSeconds(strapi: Core.Strapi): number {
  const upload = strapi.config.get('plugin::upload') as { providerOptions?: { signedUrlExpires?: number; s3Options?: { params?: { signedUrlExpires?: number } } } };
  const configured = Number(upload?.providerOptions?.signedUrlExpires ?? upload?.providerOptions?.s3Options?.params?.signedUrlExpires ?? URL_TTL_SECONDS);
  return Math.max(1, Math.min(Number.isFinite(configured) ? configured : URL_TTL_SECONDS, URL_TTL_SECONDS));
}

export interface ImagePageQuery {
  cursor?: string;
  limit: number;
  label?: string;
  favourites?: boolean;
  selected?: boolean;
  commented?: boolean;
}

/** The visitor's view of a gallery's images: keyset pages, filters, flags and signed URLs. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const shareAccess = () => getService(strapi, 'share-access');

  return {
    /**
     * THE one place that turns an image into URLs for a link visitor. Whether the visitor gets
     * watermarked variants is decided by share-access; the design comes from the gallery (or the
     * studio default). Both URLs are minted now, name one variant each, and expire.
     */
    async imageUrls(image: any, access: ShareAccess): Promise<ImageUrls> {
      const variants = shareAccess().imageVariants(access);
      const { urls, expiresAt } = await getService(strapi, 'visitor-media').urls(image, ['thumb', 'preview'], { watermark: variants.watermark }, {
        ...shareAccess().capabilityOf(access),
        key: shareAccess().signingKey(),
        ttlSeconds: mediaUrlTtlSeconds(strapi),
      });
      return { thumbUrl: urls.thumb, previewUrl: urls.preview, watermarked: variants.watermarked, expiresAt: expiresAt.toISOString() };
    },

    /**
     * One photo whose source cannot be read (a row made without a file, a lost original) must not
     * take the whole page down: it is listed without URLs, and the studio is told in the log.
     */
    async imageUrlsOrNone(image: any, access: ShareAccess): Promise<ImageUrls> {
      try {
        return await this.imageUrls(image, access);
      } catch (error) {
        strapi.log.warn(`share-images: no URLs for image ${image.documentId}: ${(error as Error).message}`);
        return { thumbUrl: null, previewUrl: null, watermarked: shareAccess().imageVariants(access).watermarked, expiresAt: new Date().toISOString() };
      }
    },

    /**
     * GET /api/share/:token/images: the gallery's final images in the studio's order, keyset-paged
     * on (position, id). A constant number of statements whatever the page size: one for the page
     * of ids (an index on gallery, position, image), one for those rows and their files, one each
     * for favourites and downloads.
     */
    async list(access: ShareAccess, { cursor, limit, label, favourites, selected, commented }: ImagePageQuery) {
      const { link } = shareAccess().authorize(access, 'view');
      const after = cursor ? decodeOrderCursor(cursor) : null;
      if (cursor && !after) throw new InvalidCursorError();

      // Each filter keeps only the visitor's own photos of that kind (all of them must hold).
      let onlyImageIds: number[] | undefined;
      const narrow = async (uid: typeof FAVOURITE | typeof SELECTION_ITEM | typeof COMMENT) => {
        const where = { link: { id: link.id }, image: { id: { $notNull: true } } };
        const rows = await strapi.db.query(uid).findMany({ where, populate: { image: { select: ['id'] } } });
        const ids = new Set<number>(rows.map((row: any) => row.image?.id).filter(Boolean));
        onlyImageIds = onlyImageIds === undefined ? [...ids] : onlyImageIds.filter((id) => ids.has(id));
      };
      if (favourites) await narrow(FAVOURITE);
      if (selected) await narrow(SELECTION_ITEM);
      if (commented) await narrow(COMMENT);
      const positions = await getService(strapi, 'gallery-membership').page(access.galleryDocumentId, { after, limit: limit + 1, label, onlyImageIds });
      const onPage = positions.slice(0, limit);
      const ids = onPage.map((entry) => entry.imageId);
      const rows = ids.length > 0 ? await strapi.db.query(IMAGE).findMany({ where: { id: { $in: ids } }, populate: { file: true } }) : [];
      const byId = new Map<number, any>(rows.map((row: any) => [row.id, row]));
      const page = ids.map((id) => byId.get(id)).filter(Boolean);
      const [favouriteIds, downloadedIds] = await Promise.all([this.favouriteIds(link.id, ids), this.downloadedIds(link.id, ids)]);
      const results = await Promise.all(
        page.map(async (image: any) =>
          toPublicImage(image, await this.imageUrlsOrNone(image, access), { favourite: favouriteIds.has(image.id), downloaded: downloadedIds.has(image.id) }),
        ),
      );
      const last = onPage[onPage.length - 1];
      return { results, nextCursor: positions.length > limit && last ? encodeOrderCursor(last) : null };
    },

    async favouriteIds(linkId: number, imageIds: number[]) {
      if (imageIds.length === 0) return new Set<number>();
      const rows = await strapi.db
        .query(FAVOURITE)
        .findMany({ where: { link: { id: linkId }, image: { id: { $in: imageIds } } }, populate: { image: { select: ['id'] } } });
      return new Set<number>(rows.map((row: any) => row.image?.id));
    },

    /** Downloaded = a grant of this link on that image that was actually delivered (issue 5 sets downloadedAt). */
    async downloadedIds(linkId: number, imageIds: number[]) {
      if (imageIds.length === 0) return new Set<number>();
      const rows = await strapi.db.query(GRANT).findMany({
        where: { link: { id: linkId }, image: { id: { $in: imageIds } }, downloadedAt: { $notNull: true } },
        populate: { image: { select: ['id'] } },
      });
      return new Set<number>(rows.map((row: any) => row.image?.id));
    },

    /** The gallery's cover as this visitor may see it; only a cover that is one of the gallery's images. */
    async coverUrls(access: ShareAccess): Promise<ImageUrls | null> {
      const cover = access.gallery?.cover;
      if (!cover?.documentId) return null;
      const image = await shareAccess().requireImage(access, cover.documentId).catch(() => null);
      return image ? this.imageUrlsOrNone(image, access) : null;
    },
  };
};

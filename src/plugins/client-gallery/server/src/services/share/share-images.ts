import type { Core } from '@strapi/strapi';
import { InvalidCursorError } from '../../lib/errors';
import { decodeOrderCursor, encodeOrderCursor } from '../../lib/keyset-cursor';
import { toPublicImage, type ImageUrls } from '../../share/mappers';
import { pairingsOf, type SharedMarkupLink } from '../../share/pairing';
import type { ShareAccess } from '../../queries/share-rows';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { SOURCE_FILE_FIELDS } from '../../queries/image-rows';
import { notAMarkupDraft } from '../../lib/final-photos';

const IMAGE = UID.galleryImage;
const FAVOURITE = UID.favourite;
const GRANT = UID.downloadGrant;
const SELECTION_ITEM = UID.selectionItem;
const COMMENT = UID.comment;
const ENTRY = UID.galleryEntry;

/** Every URL a visitor gets is short-lived (DESIGN.md: ≤ 15 min), and no longer than the upload provider's own signed URLs. */
export const URL_TTL_SECONDS = 15 * 60;

export function mediaUrlTtlSeconds(strapi: Core.Strapi): number {
  const upload = strapi.config.get('plugin::upload') as { providerOptions?: { signedUrlExpires?: number; s3Options?: { params?: { signedUrlExpires?: number } } } };
  const configured = Number(upload?.providerOptions?.signedUrlExpires ?? upload?.providerOptions?.s3Options?.params?.signedUrlExpires ?? URL_TTL_SECONDS);
  return Math.max(1, Math.min(Number.isFinite(configured) ? configured : URL_TTL_SECONDS, URL_TTL_SECONDS));
}

/**
 * The columns a visitor's page needs: what it shows, what names a variant (checksum, the recorded
 * derivatives) and what a background render reads (the file's SourceFile fields). Not `*`: the
 * rest (markup layers, the file's formats and metadata) was parsed for every row and thrown away.
 */
const LISTED_IMAGE_FIELDS = ['id', 'documentId', 'takenAt', 'label', 'width', 'height', 'checksum', 'derivatives'] as const;
const LISTED_FILE_FIELDS = ['name', ...SOURCE_FILE_FIELDS] as const;

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
     * THE one place that turns images into URLs for a link visitor. Whether the visitor gets
     * watermarked variants is decided by share-access; the design comes from the gallery (or the
     * studio default). Both URLs are minted now, name one variant each, and expire. What is the
     * same for every photo of the page is worked out once (visitor-media's minter).
     *
     * One photo whose source cannot be read (a row made without a file, a lost original) must not
     * take the whole page down: it is listed without URLs, and the studio is told in the log.
     */
    async imageUrlsOf(images: any[], access: ShareAccess): Promise<ImageUrls[]> {
      const variants = shareAccess().imageVariants(access);
      const capability = getService(strapi, 'share-tokens').visitorCapability(access.link, mediaUrlTtlSeconds(strapi));
      const mint = getService(strapi, 'visitor-media').minter(['thumb', 'preview'], { watermark: variants.watermark }, capability);
      return Promise.all(
        images.map(async (image): Promise<ImageUrls> => {
          try {
            const { urls, expiresAt } = await mint(image);
            return { thumbUrl: urls.thumb, previewUrl: urls.preview, watermarked: variants.watermarked, expiresAt: expiresAt.toISOString() };
          } catch (error) {
            strapi.log.warn(`share-images: no URLs for image ${image.documentId}: ${(error as Error).message}`);
            return { thumbUrl: null, previewUrl: null, watermarked: variants.watermarked, expiresAt: new Date().toISOString() };
          }
        }),
      );
    },

    async imageUrlsOrNone(image: any, access: ShareAccess): Promise<ImageUrls> {
      const [urls] = await this.imageUrlsOf([image], access);
      return urls;
    },

    /**
     * GET /api/share/:token/images: the gallery's final images in the studio's order, keyset-paged
     * on (position, id). A constant number of statements whatever the page size: one for the page
     * of ids (an index on gallery, position, image), one for those rows and their files, one each
     * for the visitor's flags (favourites and downloads together) and markup pairs.
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
      // The rows, the visitor's flags and the markup pairs need only the ids: read side by side
      // (on PostgreSQL each is a round trip on a connection of its own; SQLite queues them).
      const [rows, flags, pairings] = await Promise.all([
        ids.length > 0 ? strapi.db.query(IMAGE).findMany({ where: { id: { $in: ids } }, select: [...LISTED_IMAGE_FIELDS], populate: { file: { select: [...LISTED_FILE_FIELDS] } } }) : [],
        this.flagsOf(link.id, ids),
        this.pairings(access.galleryDocumentId, ids),
      ]);
      const byId = new Map<number, any>((rows as any[]).map((row): [number, any] => [row.id, row]));
      const page = ids.map((id) => byId.get(id)).filter(Boolean);
      const urls = await this.imageUrlsOf(page, access);
      const results = page.map((image: any, i: number) =>
        toPublicImage(image, urls[i], { favourite: flags.favourite.has(image.id), downloaded: flags.downloaded.has(image.id) }, pairings.get(image.id) ?? null),
      );
      const last = onPage[onPage.length - 1];
      return { results, nextCursor: positions.length > limit && last ? encodeOrderCursor(last) : null };
    },

    /**
     * The markup pairs of a page's images, among this gallery's images only, in one statement:
     * every markup link (gallery-image.markupOf) whose two ends are both members of the gallery,
     * for the page's originals and for the originals of the page's markups (so a markup's pairing
     * names its sibling versions too). A markup whose original is not shared, or an original
     * whose markups are not, is paired with nothing, and no id outside the gallery is read out.
     */
    async pairings(galleryDocumentId: string, imageIds: number[]) {
      if (imageIds.length === 0) return pairingsOf([]);
      const images = strapi.db.metadata.get(IMAGE);
      const entries = strapi.db.metadata.get(ENTRY);
      const column = (meta: typeof images, name: string) => (meta.attributes[name] as any).columnName ?? name;
      const join = (images.attributes.markupOf as any).joinTable as { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
      const [markupColumn, originalColumn] = [join.joinColumn.name, join.inverseJoinColumn.name];
      const [entryGallery, entryImage] = [column(entries, 'galleryDocumentId'), column(entries, 'imageId')];
      const [documentId, markupDraft] = [column(images, 'documentId'), column(images, 'markupDraft')];
      const db = strapi.db.connection;
      // Driven from the markup links of this page (indexed, a handful of rows); membership of both
      // ends is then checked per link. Joining the gallery's entries first made SQLite walk them all.
      const member = (imageColumn: string) =>
        function (this: any) {
          this.select(db.raw('1'))
            .from(entries.tableName)
            .whereRaw('?? = ??', [entryImage, imageColumn])
            .andWhere(entryGallery, galleryDocumentId);
        };
      const originalsOfPage = db(join.name).whereIn(markupColumn, imageIds).select(originalColumn);
      const rows: any[] = await db(`${join.name} as l`)
        .join(`${images.tableName} as m`, 'm.id', `l.${markupColumn}`)
        .join(`${images.tableName} as o`, 'o.id', `l.${originalColumn}`)
        .where((q: any) => q.whereIn(`l.${originalColumn}`, imageIds).orWhereIn(`l.${originalColumn}`, originalsOfPage))
        .andWhere(notAMarkupDraft(`m.${markupDraft}`))
        .whereExists(member(`l.${markupColumn}`))
        .whereExists(member(`l.${originalColumn}`))
        .select(`l.${markupColumn} as markupId`, `m.${documentId} as markupDocumentId`, `l.${originalColumn} as originalId`, `o.${documentId} as originalDocumentId`);
      return pairingsOf(
        rows.map(
          (row): SharedMarkupLink => ({
            markupId: Number(row.markupId),
            markupDocumentId: String(row.markupDocumentId),
            originalId: Number(row.originalId),
            originalDocumentId: String(row.originalDocumentId),
          }),
        ),
      );
    },

    /**
     * Which of `imageIds` this link has favourited, and which it has downloaded (a grant that was
     * actually delivered: a download sets downloadedAt), read together in one statement straight
     * from the relation tables. Strapi's relation-filtered finds took one statement each, plus
     * one more each to read the image ids back once there was a favourite or a grant.
     */
    async flagsOf(linkId: number, imageIds: number[]) {
      const favourite = new Set<number>();
      const downloaded = new Set<number>();
      if (imageIds.length === 0) return { favourite, downloaded };
      const joins = (uid: typeof FAVOURITE | typeof GRANT) => {
        const meta = strapi.db.metadata.get(uid);
        const table = (name: string) => (meta.attributes[name] as any).joinTable as { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
        return { meta, link: table('link'), image: table('image') };
      };
      const [favourites, grants] = [joins(FAVOURITE), joins(GRANT)];
      const downloadedAt = (grants.meta.attributes.downloadedAt as any).columnName ?? 'downloaded_at';
      const db = strapi.db.connection;
      // The flag is one of two constants, written as a literal: a bound parameter in a UNION's select list has no type on PostgreSQL.
      const flagged = (j: typeof favourites, flag: 'favourite' | 'downloaded') =>
        db(`${j.link.name} as l`)
          .join(`${j.image.name} as i`, `i.${j.image.joinColumn.name}`, `l.${j.link.joinColumn.name}`)
          .where(`l.${j.link.inverseJoinColumn.name}`, linkId)
          .whereIn(`i.${j.image.inverseJoinColumn.name}`, imageIds)
          .select(db.raw(`'${flag}' as flag`), `i.${j.image.inverseJoinColumn.name} as imageId`);
      const delivered = flagged(grants, 'downloaded')
        .join(`${grants.meta.tableName} as g`, 'g.id', `l.${grants.link.joinColumn.name}`)
        .whereNotNull(`g.${downloadedAt}`);
      const rows: { flag: string; imageId: number | string }[] = await flagged(favourites, 'favourite').unionAll(delivered);
      for (const row of rows) (row.flag === 'favourite' ? favourite : downloaded).add(Number(row.imageId));
      return { favourite, downloaded };
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

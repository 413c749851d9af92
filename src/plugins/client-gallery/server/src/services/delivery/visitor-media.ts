import type { Core } from '@strapi/strapi';
import { visitorMediaQuery, windowedExpiry } from '../../lib/capability';
import { derivativeDir, designOfRow, VARIANT_NAMES, type VariantName, type VariantOptions, type WatermarkDesign } from '../../lib/variants';
import { designFingerprint } from '../../lib/watermark-fingerprint';
import { VISITOR_URL_WINDOW_SECONDS, type ImageRow, type StoredDerivative, type VisitorCapability } from '../../queries/image-rows';
import { renderRequest, type RenderRequest } from '../../lib/variants';
import { mediaKeyOf, MEDIA_PREFIX } from '../../lib/media-keys';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

const CHECKSUM = /^[a-f0-9]{64}$/;
const VISITOR_VARIANTS: VariantName[] = ['thumb', 'preview'];

/**
 * A visitor's thumb and preview URLs, which never wait for a render.
 *
 * Derivative keys are content-addressed (the photo's checksum, keyed, and the variant's spec), so
 * the key a variant will have is known before it exists. A listing hands out URLs for every
 * photo at once: for a variant not made yet, the URL names that future key (every visitor URL
 * names its photo, `img=`), and rendering starts in the background, bounded by the derivatives' semaphore. If
 * the browser asks before it is done, the /media route makes that one variant (joining the
 * render already under way) and serves it. The first visitor of a gallery with its own watermark
 * sees the page at once, and the photos as they are made.
 */
/** The ids a design's variants are stored under, every size, with and without kept metadata. */
function supersededIds(design: WatermarkDesign): string[] {
  return VARIANT_NAMES.flatMap((variant) => [false, true].map((keepMetadata) => renderRequest(variant, { watermark: design, keepMetadata }).id));
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Whether a design (or the studio's mark) still draws exactly this: then its variants stay. */
  async function drawnByAnyDesign(fingerprint: string): Promise<boolean> {
    const rows = await strapi.db.query(UID.watermarkDesign).findMany({ populate: { logo: true }, limit: 500 });
    const studio = await getService(strapi, 'watermark').studioDefault();
    return [...rows.map(designOfRow), studio].some((design) => designFingerprint(design) === fingerprint);
  }

  const shareAccess = () => getService(strapi, 'share-access');
  const derivatives = () => getService(strapi, 'derivatives');
  const pending = new Set<Promise<unknown>>();

  /** Where a variant is (recorded under the current keyed folder) or will be; null for a legacy row without a checksum. */
  function locate(image: ImageRow, request: RenderRequest): { key: string; recorded: StoredDerivative | null } | null {
    if (!image.checksum || !CHECKSUM.test(image.checksum)) return null;
    const dir = derivativeDir(image.checksum, getService(strapi, 'share-tokens').signingKey());
    const recorded = image.derivatives?.[request.id];
    if (recorded && recorded.path === dir) return { key: mediaKeyOf(recorded), recorded };
    return { key: `${dir}/${request.id}.jpg`, recorded: null };
  }

  function renderInBackground(image: ImageRow, variants: VariantName[], options: VariantOptions) {
    const work = derivatives()
      .ensure(image, variants, options)
      .catch((error: Error) => strapi.log.warn(`visitor-media: could not make ${variants.join(', ')} of image ${image.documentId}: ${error.message}`))
      .finally(() => pending.delete(work));
    pending.add(work);
  }

  return {
    /**
     * The URL minter for one visitor and one set of variants: what is the same for every photo of a
     * page (the variants' render requests, the direct-URL setting, the storage) is looked up once.
     */
    minter<V extends VariantName>(variants: V[], options: VariantOptions, capability: VisitorCapability) {
      const requests = variants.map((variant) => ({ variant, request: renderRequest(variant, options) }));
      const direct = pluginConfig(strapi).share.directStorageUrls;
      const storage = getService(strapi, 'storage');
      return async (image: ImageRow): Promise<{ urls: Record<V, string>; expiresAt: Date }> => {
        const located = requests.map(({ variant, request }) => ({ variant, at: locate(image, request) }));
        // A row from before checksums were recorded: its variants are made now, as before.
        if (located.some(({ at }) => at === null)) return derivatives().visitorUrls(image, variants, options, capability);

        const exp = windowedExpiry(Math.floor(Date.now() / 1000), capability.ttlSeconds, VISITOR_URL_WINDOW_SECONDS);
        const urls = {} as Record<V, string>;
        const missing: V[] = [];
        let expiresAt = new Date(exp * 1000);
        for (const { variant, at } of located) {
          if (!at!.recorded) missing.push(variant);
          if (at!.recorded && direct.enabled && storage.isS3()) {
            // The studio's opt-in: the bucket serves the bytes, and a URL lives at most ttlSeconds after a revoke.
            urls[variant] = await storage.shortLivedUrl(at!.recorded, direct.ttlSeconds);
            expiresAt = new Date(Math.min(expiresAt.getTime(), Date.now() + direct.ttlSeconds * 1000));
            continue;
          }
          urls[variant] = `${MEDIA_PREFIX}${at!.key}?${visitorMediaQuery(capability.key, at!.key, exp, capability.linkDocumentId, capability.version, image.documentId)}`;
        }
        if (missing.length > 0) renderInBackground(image, missing, options);
        return { urls, expiresAt };
      };
    },

    /**
     * The /media route found nothing at a valid visitor URL's key: make the variant, if the key is
     * one the link's visitor may be given for that photo of the link's gallery. Returns whether it
     * was made (the route then serves it), so a forged `img` renders nothing.
     */
    async renderForVisitor(linkDocumentId: string, key: string, imageDocumentId: unknown): Promise<boolean> {
      if (typeof imageDocumentId !== 'string' || imageDocumentId.length === 0 || imageDocumentId.length > 64) return false;
      const access = await shareAccess()
        .resolveById(linkDocumentId)
        .catch(() => null);
      if (!access?.gallery) return false;
      const image = await strapi.db.query(UID.galleryImage).findOne({ where: { documentId: imageDocumentId }, populate: { file: true } });
      if (!image?.file) return false;
      if (!(await getService(strapi, 'gallery-membership').members(access.galleryDocumentId, [image.id])).has(image.id)) return false;
      const { watermark } = shareAccess().imageVariants(access);
      for (const variant of VISITOR_VARIANTS) {
        if (locate(image, renderRequest(variant, { watermark }))?.key !== key) continue;
        await derivatives().ensure(image, [variant], { watermark });
        return true;
      }
      return false;
    },

    /**
     * A gallery was published with a new watermark design, or its design was edited: queue the
     * making of its thumbs and previews in that design ahead of its first visitor, as a variant
     * job (services/storage/variant-job.ts: leased, resumable, any process). What the job has not reached
     * yet, the first view makes.
     */
    async prewarm(galleryDocumentId: string, replaced: WatermarkDesign | null = null) {
      const gallery = await strapi.db.query(UID.gallery).findOne({
        where: { documentId: galleryDocumentId, publishedAt: { $notNull: true } },
        populate: { watermarkDesign: { populate: { logo: true } } },
      });
      if (!gallery) return null;
      const watermark = await getService(strapi, 'watermark').forGallery(gallery);
      const replaces = replaced && designFingerprint(replaced) !== designFingerprint(watermark) ? supersededIds(replaced) : undefined;
      return getService(strapi, 'variant-job').enqueue(
        galleryDocumentId,
        'visitor-views',
        VISITOR_VARIANTS.map((variant) => ({ variant, watermark, keepMetadata: false, ...(replaces ? { replaces } : {}) })),
      );
    },

    /**
     * A design was edited, or the default changed: queue the re-render of every published gallery
     * drawing it (by its relation, or, `withoutDesign`, by having none), a page of galleries at a
     * time, after the write has answered. Variants in the `replaced` design are dropped by the jobs
     * once their successors exist (unless another design still draws exactly that), and their
     * files removed through the package holds. Work lost with the process is made on first view.
     */
    rerenderInBackground({ designId, withoutDesign, replaced }: { designId: number; withoutDesign: boolean; replaced: WatermarkDesign | null }) {
      const work = (async () => {
        await new Promise((resolve) => setImmediate(resolve));
        const stillDrawn = replaced ? await drawnByAnyDesign(designFingerprint(replaced)) : false;
        const uses = withoutDesign ? { $or: [{ watermarkDesign: { id: designId } }, { watermarkDesign: { id: { $null: true } } }] } : { watermarkDesign: { id: designId } };
        let afterId = 0;
        for (;;) {
          const page: Array<{ id: number; documentId: string }> = await strapi.db.query(UID.gallery).findMany({
            where: { publishedAt: { $notNull: true }, id: { $gt: afterId }, ...uses },
            select: ['id', 'documentId'],
            orderBy: { id: 'asc' },
            limit: 100,
          });
          if (page.length === 0) break;
          for (const gallery of page) await this.prewarm(gallery.documentId, stillDrawn ? null : replaced);
          afterId = page[page.length - 1].id;
        }
      })()
        .catch((error) => strapi.log.warn(`visitor-media: re-render after a design change: ${(error as Error).message}`))
        .finally(() => pending.delete(work));
      pending.add(work);
    },

    /** Resolves when the background renders started so far are done (tests, shutdown). */
    async settled() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
      await getService(strapi, 'variant-job').settled();
    },
  };
};

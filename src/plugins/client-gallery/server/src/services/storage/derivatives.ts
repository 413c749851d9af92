import crypto from 'crypto';
import type { Readable } from 'stream';
import sharp from 'sharp';
import type { SharpOptions } from 'sharp';
import type { Core } from '@strapi/strapi';
import { GalleryImageNotFoundError } from '../../lib/errors';
import { keptExif, replaceJpegMetadata } from '../../lib/photo-metadata';
import { exifSegmentFor, losslessOriginal, readExif } from '../../lib/delivered-metadata';
import { Semaphore, SingleFlight } from '../../lib/semaphore';
import { crc32Of, measuring } from '../../lib/crc32';
import { derivativeDir, fitInside, INGEST_VARIANTS, renderRequest, type RenderRequest, type VariantName, type VariantOptions, type WatermarkDesign } from '../../lib/variants';
import { mediaKeyOf, MEDIA_PREFIX, type StoredObject } from '../../lib/media-keys';
import { VISITOR_URL_WINDOW_SECONDS, type DerivativeRecord, type ImageRef, type ImageRow, type SourceFile, type StoredDerivative, type VisitorCapability } from '../../queries/image-rows';
import { visitorMediaQuery, windowedExpiry } from '../../lib/capability';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

/**
 * Derivatives of a photo (thumb, preview, download sizes; clean or watermarked), made with sharp
 * from ONE decode per source: the source is decoded once, shrunk-on-load to the largest size the
 * request needs, and every variant is resized and encoded from those pixels. Derivatives are stored
 * through the upload provider under derivatives/<checksum>/, recorded in gallery-image.derivatives
 * (private) and never become media-library entries.
 *
 * Delivered files carry no metadata (no GPS, no serials) unless a caller asks for keepMetadata, and then only the allow-listed descriptive tags (lib/photo-metadata.ts);
 * orientation is applied to the pixels first. The stored original is never touched.
 */
const IMAGE = UID.galleryImage;

export interface RenderedVariant extends RenderRequest {
  /** The encoded file, or (for a large original rewritten in place) a way to stream it and its size. */
  buffer?: Buffer;
  stream?: { open: () => Readable; size: number };
  width: number;
  height: number;
}



export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Read on each use, so photos.concurrency can be tuned on a running server.
  const semaphore = new Semaphore(() => Number(pluginConfig(strapi).photos.concurrency));
  const flights = new SingleFlight<DerivativeRecord>();
  const storage = () => getService(strapi, 'storage');
  /** Derivative folders are keyed with the plugin's signing key (lib/variants.ts derivativeDir). */
  const dirKey = () => getService(strapi, 'share-tokens').signingKey();
  const watermark = () => getService(strapi, 'watermark');
  const sourceOptions = (): SharpOptions => ({
    limitInputPixels: Number(pluginConfig(strapi).photos.maxPixels),
    failOn: 'truncated',
    sequentialRead: true,
  });

  /** Encode every request from one decode of `input`. Callers hold the semaphore. */
  async function render(input: string | Buffer, requests: RenderRequest[]): Promise<RenderedVariant[]> {
    const rendered: RenderedVariant[] = [];
    const plain = requests.filter((r) => !r.spec.keepMetadata);
    if (plain.length === 1) {
      // One output (a package's variant): decode, composite and encode in one libvips pipeline.
      // A raw copy through the JS heap (18 MB for 6 MP) would only cost memory bandwidth, which
      // is what two renders at once compete for.
      const [request] = plain;
      const meta = await sharp(input, sourceOptions()).metadata();
      const oriented = meta.autoOrient ?? { width: meta.width!, height: meta.height! };
      const size = fitInside(oriented.width, oriented.height, request.spec.longEdge);
      let image = sharp(input, sourceOptions()).rotate();
      if (size.width !== oriented.width || size.height !== oriented.height) image = image.resize(size.width, size.height, { fit: 'fill' });
      image = image.flatten({ background: '#ffffff' }).toColourspace('srgb');
      if (request.design) image = image.composite(await watermark().overlays(request.design, size.width, size.height));
      const buffer = await image.jpeg({ quality: request.spec.quality, mozjpeg: false }).toBuffer();
      rendered.push({ ...request, buffer, ...size });
    } else if (plain.length > 1) {
      const edges = plain.map((r) => r.spec.longEdge);
      const maxEdge = edges.includes(null) ? null : Math.max(...(edges as number[]));
      let decode = sharp(input, sourceOptions()).rotate();
      // Shrink-on-load: a JPEG decodes straight at 1/2, 1/4 or 1/8 scale when that still covers maxEdge.
      if (maxEdge !== null) decode = decode.resize(maxEdge, maxEdge, { fit: 'inside', withoutEnlargement: true });
      const { data, info } = await decode.flatten({ background: '#ffffff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      const raw = { width: info.width, height: info.height, channels: info.channels };
      for (const request of plain) {
        const size = fitInside(info.width, info.height, request.spec.longEdge);
        let image = sharp(data, { raw });
        if (size.width !== info.width || size.height !== info.height) image = image.resize(size.width, size.height, { fit: 'fill' });
        if (request.design) image = image.composite(await watermark().overlays(request.design, size.width, size.height));
        const buffer = await image.jpeg({ quality: request.spec.quality, mozjpeg: false }).toBuffer();
        rendered.push({ ...request, buffer, ...size });
      }
    }
    // Keeping metadata: a second decode, only for links that ask. The EXIF is rebuilt from an
    // allow-list (lib/photo-metadata.ts), never copied: no embedded thumbnail, maker note, GPS or serial.
    for (const request of requests.filter((r) => r.spec.keepMetadata)) {
      const meta = await sharp(input, sourceOptions()).metadata();
      const parsed = readExif(meta.exif);
      if (request.spec.variant === 'original' && !request.design && meta.format === 'jpeg' && typeof input === 'string') {
        // The original's own pixels, byte for byte, with only its metadata replaced.
        const lossless = await losslessOriginal(input, parsed, meta.orientation);
        if (lossless) {
          rendered.push({ ...request, stream: lossless, width: meta.autoOrient?.width ?? meta.width!, height: meta.autoOrient?.height ?? meta.height! });
          continue;
        }
      }
      const oriented = meta.autoOrient ?? { width: meta.width!, height: meta.height! };
      const size = fitInside(oriented.width, oriented.height, request.spec.longEdge);
      let image = sharp(input, sourceOptions()).rotate().resize(size.width, size.height, { fit: 'fill' }).flatten({ background: '#ffffff' });
      if (request.design) image = image.composite(await watermark().overlays(request.design, size.width, size.height));
      // Encoded bare (sharp's withExif would start from the source's EXIF block, IFD1 thumbnail
      // included), then given the allow-listed EXIF as its only metadata segment.
      const bare = await image.keepIccProfile().jpeg({ quality: request.spec.quality, mozjpeg: false }).toBuffer();
      const buffer = replaceJpegMetadata(bare, await exifSegmentFor(keptExif(parsed))) ?? bare;
      rendered.push({ ...request, buffer, ...size });
    }
    return rendered;
  }

  /** Store rendered variants; if one write fails, the ones already written are removed again. */
  async function store(checksum: string, rendered: RenderedVariant[]): Promise<DerivativeRecord> {
    const record: DerivativeRecord = {};
    try {
      for (const variant of rendered) {
        const target = { path: derivativeDir(checksum, dirKey()), hash: variant.id, ext: '.jpg', mime: 'image/jpeg' };
        let known: { crc32: number; size: number };
        let stored: StoredObject;
        if (variant.buffer) {
          known = { crc32: crc32Of(variant.buffer), size: variant.buffer.length };
          stored = await storage().put(target, variant.buffer);
        } else {
          // Streamed (a large original rewritten in place): the CRC is taken as the bytes go by.
          const counted = measuring(variant.stream!.open());
          stored = await storage().put(target, counted.stream, variant.stream!.size);
          known = counted.result();
        }
        const { url: _unsigned, ...kept } = stored;
        record[variant.id] = { ...kept, ...known, variant: variant.spec.variant, width: variant.width, height: variant.height };
      }
    } catch (error) {
      await removeObjects(Object.values(record));
      throw error;
    }
    return record;
  }

  /** Every derivative deletion goes through the package holds: a file a live package's zip names is kept until it is released. */
  async function removeObjects(objects: StoredObject[]) {
    try {
      await getService(strapi, 'package-holds').remove(objects);
    } catch (error) {
      strapi.log.error(`derivatives: could not remove ${objects.length} stored file(s): ${(error as Error).message}`);
    }
  }

  /**
   * A listing hands over the rows it already loaded (file populated, derivatives and checksum
   * selected): those are used as they are, so a page of N photos costs no query per photo. A
   * derivative recorded meanwhile is not lost: record() re-reads the row before it writes.
   */
  function isLoaded(ref: ImageRef): ref is ImageRow {
    return typeof ref === 'object' && 'id' in ref && 'derivatives' in ref && 'checksum' in ref && Boolean((ref as ImageRow).file?.hash);
  }

  async function loadImage(ref: ImageRef): Promise<ImageRow> {
    if (isLoaded(ref)) return ref;
    const documentId = typeof ref === 'string' ? ref : ref.documentId;
    const image = await strapi.db.query(IMAGE).findOne({ where: { documentId }, populate: { file: true } });
    if (!image || !image.file) throw new GalleryImageNotFoundError();
    return image as ImageRow;
  }

  /** Images made before checksums were recorded get one from their stored original. */
  async function checksumOf(image: ImageRow): Promise<string> {
    if (image.checksum && /^[a-f0-9]{64}$/.test(image.checksum)) return image.checksum;
    const hash = crypto.createHash('sha256');
    for await (const chunk of await storage().openRead(image.file!)) hash.update(chunk as Buffer);
    const checksum = hash.digest('hex');
    await strapi.db.query(IMAGE).update({ where: { id: image.id }, data: { checksum } });
    return checksum;
  }

  /** Merge new records into the row's JSON, re-reading it first so a concurrent ensure is not lost. */
  async function record(image: ImageRow, made: DerivativeRecord) {
    const fresh = await strapi.db.query(IMAGE).findOne({ where: { id: image.id }, select: ['id', 'derivatives'] });
    await strapi.db.query(IMAGE).update({ where: { id: image.id }, data: { derivatives: { ...(fresh?.derivatives ?? {}), ...made } } });
  }

  return {
    render,
    store,

    /** The ingest set (thumb and preview, clean and with `design`) from one decode. Holds the semaphore. */
    renderIngestSet(input: string, design: WatermarkDesign): Promise<RenderedVariant[]> {
      const requests = INGEST_VARIANTS.flatMap((variant) => [renderRequest(variant), renderRequest(variant, { watermark: design })]);
      return semaphore.run(() => render(input, requests));
    },

    /**
     * One watermarked image at `longEdge`, from `input`, by the same render as every stored variant
     * (the designer's preview). Holds the semaphore; writes nothing.
     */
    async renderSample(input: Buffer, design: WatermarkDesign, longEdge: number): Promise<Buffer> {
      const base = renderRequest('thumb', { watermark: design });
      const request: RenderRequest = { id: 'sample', spec: { ...base.spec, longEdge, quality: 82 }, design };
      const [made] = await semaphore.run(() => render(input, [request]));
      return made.buffer!;
    },

    /**
     * Make sure the variants exist (made on first need and kept) and return their stored records.
     * With keepMetadata, "original" is the JPEG original's own bytes with only its metadata replaced by the allow-list.
     */
    async ensure(ref: ImageRef, variants: VariantName | VariantName[], options: VariantOptions = {}): Promise<Record<string, StoredDerivative>> {
      const image = await loadImage(ref);
      const file = image.file!;
      const wanted = (Array.isArray(variants) ? variants : [variants]).map((variant) => ({ variant, request: renderRequest(variant, options) }));
      const result: Record<string, StoredDerivative> = {};
      const missing: RenderRequest[] = [];
      const superseded: StoredDerivative[] = [];
      for (const { variant, request } of wanted) {
        const recorded = image.derivatives?.[request.id];
        // A variant stored before folders were keyed (their names could be computed from the photo)
        // is made again under the keyed folder on first use, and the old copy goes.
        if (recorded && (!image.checksum || recorded.path === derivativeDir(image.checksum, dirKey()))) {
          result[variant] = recorded;
        } else {
          if (recorded) superseded.push(recorded);
          missing.push(request);
        }
      }
      if (missing.length > 0) {
        const checksum = await checksumOf(image);
        const ids = missing.map((r) => r.id).sort().join(',');
        const made = await flights.run(`${checksum}:${ids}`, () =>
          semaphore.run(async () => {
            const source = await storage().sourceFile(file);
            try {
              return await store(checksum, await render(source.filepath, missing));
            } finally {
              await source.cleanup();
            }
          }),
        );
        await record(image, made);
        for (const { variant, request } of wanted) if (made[request.id]) result[variant] = made[request.id];
        if (superseded.length > 0) await this.removeFor({ id: image.id, checksum: image.checksum, derivatives: Object.fromEntries(superseded.map((old, i) => [`old-${i}`, old])) }).catch(() => undefined);
      }
      return result;
    },

    /**
     * The CRC-32 and size of a stored variant: recorded at write; for a variant written before
     * that was recorded, measured now from the stored bytes (once: the result is kept on the row).
     */
    async known(imageId: number, stored: StoredDerivative & { hash: string }): Promise<{ crc32: number; size: number }> {
      if (typeof stored.crc32 === 'number' && typeof stored.size === 'number') return { crc32: stored.crc32, size: stored.size };
      const counted = measuring(await storage().openRead(stored));
      counted.stream.resume();
      await new Promise<void>((resolve, reject) => counted.stream.once('end', resolve).once('error', reject));
      const known = counted.result();
      const fresh = await strapi.db.query(IMAGE).findOne({ where: { id: imageId }, select: ['id', 'derivatives'] });
      const entry = Object.entries((fresh?.derivatives ?? {}) as DerivativeRecord).find(([, value]) => value.hash === stored.hash && value.path === stored.path);
      if (entry) await record({ id: imageId } as ImageRow, { [entry[0]]: { ...entry[1], ...known } });
      return known;
    },

    /** A short-lived signed URL for one variant of one image (made first if needed). */
    async signedUrl(ref: ImageRef, variant: VariantName, options: VariantOptions = {}): Promise<string> {
      const stored = await this.ensure(ref, variant, options);
      return storage().signedUrl(stored[variant]);
    },

    async signedUrls<V extends VariantName>(ref: ImageRef, variants: V[], options: VariantOptions = {}): Promise<Record<V, string>> {
      const stored = await this.ensure(ref, variants, options);
      const urls = {} as Record<V, string>;
      for (const variant of variants) urls[variant] = await storage().signedUrl(stored[variant]);
      return urls;
    },

    /**
     * URLs for a link visitor: the checked /media route, bound to the link's capability (see
     * lib/capability.ts), whatever the provider. With S3 the route streams from the bucket, so a
     * presigned URL (which nobody can recall) never reaches a visitor.
     */
    async visitorUrls<V extends VariantName>(ref: ImageRef, variants: V[], options: VariantOptions, capability: VisitorCapability): Promise<{ urls: Record<V, string>; expiresAt: Date }> {
      const stored = await this.ensure(ref, variants, options);
      const direct = pluginConfig(strapi).share.directStorageUrls;
      if (direct.enabled && storage().isS3()) {
        // The studio's opt-in: the bucket serves the bytes, and a URL lives at most ttlSeconds after a revoke.
        const urls = {} as Record<V, string>;
        for (const variant of variants) urls[variant] = await storage().shortLivedUrl(stored[variant], direct.ttlSeconds);
        return { urls, expiresAt: new Date(Date.now() + direct.ttlSeconds * 1000) };
      }
      const exp = windowedExpiry(Math.floor(Date.now() / 1000), capability.ttlSeconds, VISITOR_URL_WINDOW_SECONDS);
      const urls = {} as Record<V, string>;
      const imageDocumentId = typeof ref === 'string' ? ref : ref.documentId;
      for (const variant of variants) {
        const storageKey = mediaKeyOf(stored[variant]);
        urls[variant] = `${MEDIA_PREFIX}${storageKey}?${visitorMediaQuery(capability.key, storageKey, exp, capability.linkDocumentId, capability.version, imageDocumentId)}`;
      }
      return { urls, expiresAt: new Date(exp * 1000) };
    },

    /**
     * Forget the stored variant `key` (a media key) wherever one of `imageIds` records it, so the
     * next ensure makes it again: its stored file was found missing or truncated.
     */
    async forget(key: string, imageIds: number[]) {
      for (let i = 0; i < imageIds.length; i += 200) {
        const rows = await strapi.db.query(IMAGE).findMany({ where: { id: { $in: imageIds.slice(i, i + 200) } }, select: ['id', 'derivatives'] });
        for (const row of rows) {
          const kept = Object.entries((row.derivatives ?? {}) as DerivativeRecord).filter(([, stored]) => mediaKeyOf(stored) !== key);
          if (kept.length === Object.keys(row.derivatives ?? {}).length) continue;
          await strapi.db.query(IMAGE).update({ where: { id: row.id }, data: { derivatives: Object.fromEntries(kept) } });
        }
      }
    },

    /**
     * Drop variants `ids` from an image's record (a design they were drawn in was replaced) and
     * remove their files, except those another image of the same photo records or a live package holds.
     */
    async drop(imageId: number, ids: string[]) {
      const fresh = await strapi.db.query(IMAGE).findOne({ where: { id: imageId }, select: ['id', 'checksum', 'derivatives'] });
      const recorded = (fresh?.derivatives ?? {}) as DerivativeRecord;
      const dropped = Object.fromEntries(Object.entries(recorded).filter(([id]) => ids.includes(id)));
      if (Object.keys(dropped).length === 0) return;
      const kept = Object.fromEntries(Object.entries(recorded).filter(([id]) => !ids.includes(id)));
      await strapi.db.query(IMAGE).update({ where: { id: imageId }, data: { derivatives: kept } });
      await this.removeFor({ id: imageId, checksum: fresh!.checksum, derivatives: dropped });
    },

    /**
     * Remove an image's derivatives from storage. Keys are content-addressed by checksum, so a key
     * still recorded by another image of the same photo (another client) stays.
     */
    async removeFor(image: { id: number; checksum?: string | null; derivatives?: DerivativeRecord | null }) {
      const own = Object.values(image.derivatives ?? {});
      if (own.length === 0) return;
      const others = image.checksum
        ? await strapi.db.query(IMAGE).findMany({ where: { checksum: image.checksum, id: { $ne: image.id } }, select: ['id', 'derivatives'] })
        : [];
      const stillUsed = new Set(others.flatMap((other) => Object.keys(other.derivatives ?? {})));
      await removeObjects(own.filter((stored) => !stillUsed.has(stored.hash)));
    },
  };
};

import crypto from 'crypto';
import type { Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import { contentDisposition, safeFileName } from '../../lib/file-names';
import { decideRange, rangeResponse } from '../../lib/http-range';
import { renderRequest } from '../../lib/variants';
import { mediaKeyOf } from '../../lib/media-keys';
import type { WatermarkDesign } from '../../lib/variants';
import type { Resolution, ShareAccess } from '../../queries/share-rows';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const GRANT = UID.downloadGrant;

export interface DeliveryPolicy {
  resolution: Resolution;
  /** The design to stamp on the file, or null for a clean one: decided by share-access. */
  watermark: WatermarkDesign | null;
  keepMetadata: boolean;
}

export interface DeliveredFile {
  fileName: string;
  contentType: string;
  /** Byte size and a strong validator of exactly these bytes (known from the stored variant). */
  size: number;
  etag: string;
  open(range?: { start: number; end: number }): Promise<Readable>;
}

/** A strong ETag for a stored variant: its key, size and CRC-32 name exactly one sequence of bytes. */
const etagOfStored = (stored: { path?: string; hash: string; ext: string }, known: { size: number; crc32: number }) =>
  `"${crypto
    .createHash('sha256')
    .update(`${mediaKeyOf(stored)}:${known.size}:${known.crc32}`)
    .digest('base64url')
    .slice(0, 27)}"`;

const MARKUP_SUFFIX = / \(markup\)$/i;

/**
 * Turning a photo into the file a link visitor downloads: the variant the link's policy names
 * (resolution, watermark, metadata), made or reused from the derivative cache, under a safe,
 * readable name. Used by single downloads and by package zips alike, so both deliver the same bytes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const derivatives = () => getService(strapi, 'derivatives');
  const storage = () => getService(strapi, 'storage');
  const shareAccess = () => getService(strapi, 'share-access');
  const grants = () => getService(strapi, 'download-grant');
  const activity = () => getService(strapi, 'activity');

  /**
   * "Ceremony 2026-05-20 14.05.jpg": the label (or original name) and when it was taken. A markup
   * shares its original's label and date, so it is told apart as "Ceremony 2026-05-20 14.05
   * (markup).jpg", sorted beside it. A markup row is known by its layers (kept on every submit),
   * which every caller's row already carries, so no relation is read per photo.
   */
  function fileNameOf(image: any): string {
    const taken = new Date(image.takenAt);
    const stamp = Number.isNaN(taken.getTime()) ? '' : ` ${taken.toISOString().slice(0, 16).replace('T', ' ').replace(':', '.')}`;
    const markup = Array.isArray(image.markupLayers) && image.markupLayers.length > 0;
    const base = (image.label || (image.file?.name ?? 'photo').replace(/\.[^.]+$/, '')).replace(MARKUP_SUFFIX, '');
    return safeFileName(`${base}${stamp}${markup ? ' (markup)' : ''}`, 'jpg');
  }

  return {
    fileNameOf,

    /** The delivered file for one image under `policy`; the variant is made now if it is not cached. */
    async prepare(
      image: { id: number; documentId: string; takenAt: string; label?: string | null; file?: { name?: string } | null },
      policy: DeliveryPolicy,
    ): Promise<DeliveredFile> {
      const stored = (await derivatives().ensure(image, policy.resolution, { watermark: policy.watermark, keepMetadata: policy.keepMetadata }))[
        policy.resolution
      ];
      const known = await derivatives().known(image.id, stored);
      return {
        fileName: fileNameOf(image),
        contentType: stored.mime ?? 'image/jpeg',
        size: known.size,
        etag: etagOfStored(stored, known),
        open: (range) => (range ? storage().openRange(stored, range) : storage().openRead(stored)),
      };
    },

    /**
     * HEAD on a single download: the same decision and headers as GET, and nothing else. No file
     * is made and no grant is taken (link-preview bots send HEADs; they must not spend downloads).
     */
    async head(access: ShareAccess, imageDocumentId: string, resolution: unknown) {
      const policy = shareAccess().authorizeDownload(access, resolution);
      const image = await shareAccess().requireImage(access, imageDocumentId);
      const headers: Record<string, string> = {
        'Content-Type': 'image/jpeg',
        'Content-Disposition': contentDisposition(fileNameOf(image)),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        'Accept-Ranges': 'bytes',
      };
      // The size and validator when the file is made already (read from the row, nothing made).
      const recorded = image.derivatives?.[renderRequest(policy.resolution, { watermark: policy.watermark, keepMetadata: policy.keepMetadata }).id];
      if (recorded && typeof recorded.size === 'number' && typeof recorded.crc32 === 'number') {
        headers['Content-Length'] = String(recorded.size);
        headers.ETag = etagOfStored(recorded, { size: recorded.size, crc32: recorded.crc32 });
      }
      return headers;
    },

    /**
     * A single download (GET /api/share/:token/images/:imageId/download): decide, make the file,
     * then take the grant (free if this link already holds it), so a failure to make the file
     * never costs the visitor a download.
     */
    async single(access: ShareAccess, imageDocumentId: string, resolution: unknown, request: { range?: string; ifRange?: string } = {}) {
      const policy = shareAccess().authorizeDownload(access, resolution);
      const image = await shareAccess().requireImage(access, imageDocumentId);
      const file = await this.prepare(image, policy);
      const decision = decideRange(request, file.size, file.etag);
      const answer = rangeResponse(decision, file.size);
      const headers: Record<string, string> = {
        'Content-Type': file.contentType,
        'Content-Disposition': contentDisposition(file.fileName),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        'Accept-Ranges': 'bytes',
        ETag: file.etag,
        'Content-Length': String(answer.length),
        ...answer.headers,
      };
      if (decision.kind === 'unsatisfiable') return { status: answer.status, headers, stream: null, completes: false, delivered: async () => undefined };
      // A resumed download of a photo this link holds already is free (take() is idempotent per link and photo).
      const taken = await grants().take(access.link.id, [image.id]);
      // A whole file is opened as the range 0..size-1 too: a stream that knows its length ends with
      // its last byte, instead of on one more read that finds the end of the file. A client may hang
      // up the moment it holds Content-Length bytes; the response must have ended by then, or the
      // download is never counted as delivered (tests/api/downloads.test.ts, delivery record).
      const whole = file.size > 0 ? { start: 0, end: file.size - 1 } : undefined;
      const stream = await file.open(decision.kind === 'partial' ? decision : whole);
      return {
        status: answer.status,
        headers,
        stream,
        /** The last byte goes out in this answer: only then is the photo "downloaded". */
        completes: decision.kind === 'full' || decision.end === file.size - 1,
        /** Call once the bytes have left: marks the photo downloaded and records the activity. */
        delivered: async () => {
          await grants().markDownloaded(access.link.id, [image.id]);
          await this.recordDelivery(access, 'download', { imageId: image.id, resolution: policy.resolution, newlyCounted: taken.granted.length > 0 });
        },
      };
    },

    /**
     * Record a delivery, naming the milestone scope: "limited" when the link's limit is now used
     * up, "full-gallery" when every photo of the gallery has reached this link.
     */
    async recordDelivery(
      access: ShareAccess,
      type: 'download' | 'package',
      details: { imageId?: number; resolution: Resolution; newlyCounted?: boolean; imageCount?: number; deliveryKey?: string },
    ) {
      if (details.deliveryKey && (await activity().hasDelivery(details.deliveryKey))) return;
      const allowance = await grants().allowance(access.link.id);
      let scope: 'limited' | 'full-gallery' | undefined;
      if (allowance.limit !== null && allowance.remaining === 0) scope = 'limited';
      else if (access.gallery) {
        const membership = getService(strapi, 'gallery-membership');
        const [total, grants] = await Promise.all([
          membership.count(access.galleryDocumentId),
          strapi.db
            .query(GRANT)
            .findMany({ where: { link: { id: access.link.id }, downloadedAt: { $notNull: true } }, populate: { image: { select: ['id'] } } }),
        ]);
        const downloaded = (await membership.members(access.galleryDocumentId, grants.map((grant: any) => grant.image?.id).filter(Boolean))).size;
        if (total > 0 && downloaded >= total) scope = 'full-gallery';
      }
      await activity().record({
        type,
        linkId: access.link.id,
        imageId: details.imageId ?? null,
        details: { resolution: details.resolution, imageCount: details.imageCount, scope },
        deliveryKey: details.deliveryKey,
      });
    },
  };
};

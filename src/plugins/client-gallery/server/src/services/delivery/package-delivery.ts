import { once } from 'events';
import { PassThrough, type Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import { conflict, PACKAGE_FAILED_MESSAGE, packageFailed, PackageNotFoundError, StoredFileMissingError } from '../../lib/errors';
import { contentDisposition, isCleanFileName, safeFileName } from '../../lib/file-names';
import { decideRange, rangeResponse } from '../../lib/http-range';
import { etagOf, frozenPolicyOf, frozenStillServes, isManifest, layoutOf, type FrozenPolicy, type PackageManifest } from '../../lib/package-manifest';
import { rangePieces, type ZipLayout } from '../../lib/zip-layout';
import type { DeliveryPolicy } from './delivery';
import { objectOfMediaKey } from '../../lib/media-keys';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const PACKAGE = UID.downloadPackage;

/** The columns a token check needs; the frozen layout is read only when bytes are served. */
const CHECK_COLUMNS = ['id', 'documentId', 'status', 'resolution', 'tokenHash', 'expiresAt', 'imageCount', 'preparedCount', 'byteLength', 'etag', 'readyAt'];

export const packageNotReady = (pkg: { status: string; preparedCount?: number | null; imageCount?: number | null }) =>
  conflict('This package is still being prepared', {
    status: pkg.status,
    prepared: pkg.preparedCount ?? 0,
    total: pkg.imageCount ?? 0,
    progress: 'GET /api/packages/:packageToken/status',
  });

/**
 * One package delivery is recorded per package and UTC day (docs/downloads.md): a package
 * belongs to one link, so that is per visitor too. Every answer that carries the archive's last
 * byte (a whole download, the tail of a resumed one, a download manager's range probes) marks
 * the photos downloaded, but only the first of the day is an activity row; the unique key
 * holds that across processes.
 */
export const packageDeliveryKey = (packageId: number, when: Date) => `package:${packageId}:${when.toISOString().slice(0, 10)}`;

export interface ServedPackage {
  status: number;
  headers: Record<string, string>;
  /** The bytes for GET (absent for HEAD and 416). */
  body?: Readable;
  /** The last byte of the archive is in this answer: once sent, the package counts as delivered. */
  completes: boolean;
  delivered: () => Promise<void>;
}

/**
 * Serving a prepared package (GET and HEAD /api/packages/:packageToken): the zip is the frozen
 * layout of lib/zip-layout.ts with each entry's stored bytes in between, so its exact length
 * and strong ETag are known before the first byte, any byte range can be answered, and
 * nothing is computed while streaming: no CRC, no compression, one stored file open at a time,
 * backpressure from the socket down to the file.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const shareAccess = () => getService(strapi, 'share-access');
  /** A few recent layouts by ETag: a resuming client asks for the same archive again and again. */
  const layouts = new Map<string, ZipLayout>();
  const layoutFor = (etag: string, manifest: PackageManifest) => {
    let layout = layouts.get(etag);
    if (!layout) {
      layout = layoutOf(manifest);
      layouts.set(etag, layout);
      if (layouts.size > 8) layouts.delete(layouts.keys().next().value as string);
    }
    return layout;
  };

  /**
   * Layouts frozen under today's rules, by ETag: entry names that pass lib/file-names.ts, and the
   * zip format the ETag was computed for. One frozen before them (a 304-byte name, a bidi
   * override, MS-DOS-made entries) is frozen again, as for a policy change, so its bytes and its
   * ETag change together.
   */
  const cleanNames = new Set<string>();
  const frozenUnderTodaysRules = (etag: string, manifest: PackageManifest) => {
    if (cleanNames.has(etag)) return true;
    if (etagOf(manifest) !== etag || !manifest.entries.every(([name]) => isCleanFileName(name))) return false;
    if (cleanNames.size >= 64) cleanNames.clear();
    cleanNames.add(etag);
    return true;
  };

  /** The package a token names, if the token is good and bound to its link's current token and password. */
  async function byToken(packageToken: unknown, columns: string[]) {
    const tokens = getService(strapi, 'share-tokens');
    const documentId = tokens.packageTokenDocumentId(packageToken);
    if (!documentId) throw new PackageNotFoundError();
    const pkg = await strapi.db.query(PACKAGE).findOne({
      where: { documentId },
      select: columns,
      populate: { link: { select: ['id', 'tokenHash', 'passwordHash'] } },
    });
    if (!pkg || !pkg.link || !tokens.packageTokenValid(packageToken, pkg, pkg.link)) throw new PackageNotFoundError();
    if (pkg.status === 'expired') throw new PackageNotFoundError();
    return pkg;
  }

  /** What a failed package tells the visitor: it will not come, and ordering again is free. */
  const failedDetails = () => ({ status: 'failed' as const, reorderFree: true as const, reorder: 'POST /api/share/:token/packages' });

  return {
    /**
     * GET /api/packages/:packageToken/status: how far preparation is, for the page to show
     * "Preparing 120 of 460", and the zip's size once ready. Cheap: no layout is read.
     */
    async status(packageToken: unknown) {
      const pkg = await byToken(packageToken, CHECK_COLUMNS);
      // The link's state decides as for the zip itself (revoked, locked, downloads off).
      const access = await shareAccess().resolveById(pkg.link.id);
      shareAccess().authorizeDownload(access, pkg.resolution);
      const ready = pkg.status === 'ready';
      if (pkg.status === 'failed') {
        return { id: pkg.documentId, status: pkg.status, resolution: pkg.resolution, prepared: 0, total: pkg.imageCount, bytes: null, expiresAt: new Date(pkg.expiresAt).toISOString(), message: PACKAGE_FAILED_MESSAGE, reorderFree: true };
      }
      return {
        id: pkg.documentId,
        status: pkg.status,
        resolution: pkg.resolution,
        prepared: ready ? pkg.imageCount : (pkg.preparedCount ?? 0),
        total: pkg.imageCount,
        bytes: ready && pkg.byteLength !== null ? Number(pkg.byteLength) : null,
        expiresAt: new Date(pkg.expiresAt).toISOString(),
      };
    },

    /**
     * Is this package link good, for whom, and what exactly is it? The token and its binding,
     * the package state, the link's download policy now, and the frozen manifest, which must
     * still be allowed by that policy: a link whose downloads' watermark was switched gets its
     * package prepared again (409 meanwhile), never the files it froze before.
     */
    async check(packageToken: unknown, { mayPrepare = true }: { mayPrepare?: boolean } = {}) {
      const pkg = await byToken(packageToken, [...CHECK_COLUMNS, 'layout']);
      const access = await shareAccess().resolveById(pkg.link.id);
      const policy = shareAccess().authorizeDownload(access, pkg.resolution);
      if (pkg.status === 'failed') throw packageFailed(failedDetails());
      if (pkg.status !== 'ready') throw packageNotReady(pkg);
      // A package made before layouts were frozen (or one the link's policy no longer allows) is frozen again, now.
      if (!isManifest(pkg.layout) || !frozenStillServes(pkg.layout, frozenPolicyOf(pkg.resolution, policy)) || !frozenUnderTodaysRules(pkg.etag, pkg.layout)) {
        // A HEAD starts nothing (link-preview bots send them): the next GET does.
        if (mayPrepare) await getService(strapi, 'download-package').prepareAgain(pkg.id, pkg.etag ?? null);
        throw packageNotReady({ ...pkg, status: 'preparing', preparedCount: 0 });
      }
      return { pkg, access, manifest: pkg.layout as PackageManifest, fileName: safeFileName(`${access.gallery!.title} - ${pkg.resolution}`, 'zip') };
    },

    /** The answer to GET or HEAD, with `Range` and `If-Range` honoured against the frozen layout. */
    async serve(packageToken: unknown, request: { method: string; range?: string; ifRange?: string }): Promise<ServedPackage> {
      const { pkg, access, manifest, fileName } = await this.check(packageToken, { mayPrepare: request.method !== 'HEAD' });
      const layout = layoutFor(pkg.etag, manifest);
      const decision = decideRange(request, layout.length, pkg.etag);
      const answer = rangeResponse(decision, layout.length);
      const headers: Record<string, string> = {
        'Content-Type': 'application/zip',
        'Content-Disposition': contentDisposition(fileName),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
        'Accept-Ranges': 'bytes',
        ETag: pkg.etag,
        'Content-Length': String(answer.length),
        ...answer.headers,
      };
      const completes = decision.kind === 'full' || (decision.kind === 'partial' && decision.end === layout.length - 1);
      const delivered = async () => {
        const imageIds = await this.imageIdsOf(pkg.id);
        await getService(strapi, 'download-grant').markDownloaded(access.link.id, imageIds);
        await getService(strapi, 'delivery').recordDelivery(access, 'package', {
          resolution: pkg.resolution,
          imageCount: imageIds.length,
          deliveryKey: packageDeliveryKey(pkg.id, new Date()),
        });
      };
      if (request.method === 'HEAD' || decision.kind === 'unsatisfiable') return { status: answer.status, headers, completes: false, delivered };
      const [start, end] = decision.kind === 'partial' ? [decision.start, decision.end] : [0, layout.length - 1];
      // A stored file found missing or short fails the package and prepares it again (download-package.storedFileBroken).
      const broken = (key: string, reason: string) =>
        getService(strapi, 'download-package')
          .storedFileBroken(pkg.id, pkg.etag, key, reason)
          .catch((error: Error) => strapi.log.error(`package ${pkg.id}: could not fail and prepare it again: ${error.message}`));
      return { status: answer.status, headers, body: this.bytes(manifest, layout, start, end, broken), completes, delivered };
    },

    /**
     * Bytes start..end of the archive: literal header bytes, and each entry's stored bytes read
     * one file at a time and piped on natively (backpressure from the socket down to the file).
     */
    bytes(manifest: PackageManifest, layout: ZipLayout, start: number, end: number, broken?: (key: string, reason: string) => void): Readable {
      const storage = getService(strapi, 'storage');
      const out = new PassThrough({ highWaterMark: 1024 * 1024 });
      const gone = new Promise<never>((_, reject) => out.once('close', () => reject(new Error('the receiver went away'))));
      gone.catch(() => undefined);
      const write = async (data: Buffer) => {
        if (!out.write(data)) await Promise.race([once(out, 'drain'), gone]);
      };
      const pipeEntry = async (index: number, from: number, to: number) => {
        const key = manifest.entries[index][3];
        let source: Readable;
        try {
          source = await storage.openRange(objectOfMediaKey(key), { start: from, end: to });
        } catch (error) {
          if (error instanceof StoredFileMissingError) broken?.(key, `entry ${index}: ${error.message}`);
          throw error;
        }
        let sent = 0;
        try {
          await Promise.race([
            new Promise<void>((resolve, reject) => {
              source.once('end', resolve).once('error', reject);
              source.pipe(out, { end: false });
              source.on('data', (chunk: Buffer) => (sent += chunk.length));
            }),
            gone,
          ]);
        } catch (error) {
          // Removed between its open and its read (the stream opens the file lazily).
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') broken?.(key, `entry ${index}: ${(error as Error).message}`);
          throw error;
        } finally {
          source.unpipe(out);
          source.destroy();
        }
        // A stored file that changed or shrank under the frozen layout would corrupt the zip: cut it off instead.
        if (sent !== to - from + 1) {
          broken?.(key, `entry ${index}: expected ${to - from + 1} bytes, read ${sent}`);
          throw new Error(`package entry ${index}: expected ${to - from + 1} bytes, read ${sent}`);
        }
      };
      (async () => {
        for (const piece of rangePieces(layout, start, end)) {
          if (piece.kind === 'bytes') await write(piece.data);
          else await pipeEntry(piece.index, piece.start, piece.end);
        }
        out.end();
      })().catch((error: Error) => {
        if (!out.destroyed) out.destroy(error);
      });
      return out;
    },

    /** The package's photos (for marking them downloaded), read in id pages. */
    async imageIdsOf(packageId: number): Promise<number[]> {
      const pkg = await strapi.db.query(PACKAGE).findOne({ where: { id: packageId }, select: ['id'], populate: { images: { select: ['id'] } } });
      return (pkg?.images ?? []).map((image: { id: number }) => image.id);
    },
  };
};

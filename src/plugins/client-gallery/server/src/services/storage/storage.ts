import fs from 'fs';
import os from 'os';
import path from 'path';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import type { Core } from '@strapi/strapi';
import createHttpError from 'http-errors';
import { tempFolderPrefix } from '../../lib/temp-folders';
import { StoredFileMissingError } from '../../lib/errors';
import { mediaKeyOf, MEDIA_PREFIX, objectOfMediaKey, type StoredObject } from '../../lib/media-keys';


/**
 * The one door to stored bytes for derivatives: writes, deletes, signed URLs and server-side reads
 * go through the upload plugin's configured provider (private-local or aws-s3), so derivatives
 * live wherever originals live and obey the same privacy.
 */
interface UploadProvider {
  upload(file: Record<string, unknown>): Promise<void>;
  uploadStream?(file: Record<string, unknown>): Promise<void>;
  delete(file: Record<string, unknown>): Promise<void>;
  getSignedUrl(file: Record<string, unknown>): Promise<{ url: string }>;
  isPrivate(): Promise<boolean> | boolean;
  /** Only the private-local provider has it; S3 objects are read through a presigned GET. */
  createReadStream?(file: Record<string, unknown>): Promise<Readable>;
}


/** One stored object as a listing sees it: its provider-neutral key and when it was last written. */
export interface ListedObject {
  key: string;
  modifiedMs: number;
}

/** Keys per listing page (S3 answers at most 1,000 a request). */
const LIST_PAGE = 500;

/**
 * Every file under `rootDir`, depth first, in pages: a folder is read as a stream of entries
 * (fs.opendir), so neither a huge folder nor the whole tree is ever held at once.
 */
async function* walkLocal(rootDir: string): AsyncGenerator<ListedObject[]> {
  const folders = [''];
  let page: ListedObject[] = [];
  while (folders.length > 0) {
    const relative = folders.pop()!;
    let dir: fs.Dir;
    try {
      dir = await fs.promises.opendir(path.join(rootDir, relative));
    } catch {
      continue;
    }
    for await (const entry of dir) {
      const key = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) folders.push(key);
      else if (entry.isFile()) {
        const stat = await fs.promises.stat(path.join(rootDir, key)).catch(() => null);
        if (stat) page.push({ key, modifiedMs: stat.mtimeMs });
        if (page.length >= LIST_PAGE) {
          yield page;
          page = [];
        }
      }
    }
  }
  if (page.length > 0) yield page;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const provider = () => strapi.plugin('upload').provider as unknown as UploadProvider;
  /**
   * The aws-s3 provider signs only URLs it recognises as its bucket's; an s3://bucket/ URL is one,
   * and the key itself comes from path/hash/ext. The private-local provider needs no URL at all.
   */
  const locator = (): string | undefined => {
    const config = strapi.config.get('plugin::upload') as { provider: string; providerOptions?: any };
    const bucket = config.provider === 'aws-s3' ? config.providerOptions?.s3Options?.params?.Bucket : undefined;
    return bucket ? `s3://${bucket}/` : undefined;
  };

  /** The private-local provider's `open(key)`: where a stored object sits on this machine's disk. */
  const localOpen = () => {
    const current = provider() as UploadProvider & { open?: (key: string) => Promise<{ absolutePath: string } | null> };
    return typeof current.open === 'function' ? current.open.bind(current) : null;
  };

  /** A second aws-s3 provider instance, the same bucket and credentials, signing with a short expiry. */
  let shortLived: { ttlSeconds: number; provider: UploadProvider } | null = null;
  const shortLivedProvider = (ttlSeconds: number): UploadProvider => {
    if (shortLived?.ttlSeconds === ttlSeconds) return shortLived.provider;
    const config = strapi.config.get('plugin::upload') as { providerOptions?: any };
    const options = config.providerOptions ?? {};
    // Resolved from the host app, which installed the provider it configured.
    const entry = require(require.resolve('@strapi/provider-upload-aws-s3', { paths: [strapi.dirs.app.root, __dirname] }));
    const provider = (entry.default ?? entry).init({
      ...options,
      s3Options: { ...options.s3Options, params: { ...options.s3Options?.params, signedUrlExpires: ttlSeconds } },
    }) as UploadProvider;
    shortLived = { ttlSeconds, provider };
    return provider;
  };

  return {
    /** True when files live in S3, where a visitor could be handed a presigned URL (share.directStorageUrls). */
    isS3: () => (strapi.config.get('plugin::upload') as { provider?: string }).provider === 'aws-s3',

    /**
     * A presigned S3 URL that expires after `ttlSeconds` (≤ 60): the opt-in trade of
     * share.directStorageUrls. Nobody can recall it, so it outlives a revoke by up to its TTL.
     */
    async shortLivedUrl(object: Pick<StoredObject, 'path' | 'hash' | 'ext' | 'url'>, ttlSeconds: number): Promise<string> {
      const { url } = await shortLivedProvider(ttlSeconds).getSignedUrl({ ...object, url: object.url || locator() });
      return url;
    },

    /**
     * Gallery files must never get a permanent public URL (DESIGN.md, privacy model): the upload
     * provider has to be a private one (strapi-provider-upload-private-local, or aws-s3 with ACL
     * private). Ingest refuses to store anything otherwise, with the reason, instead of leaking.
     */
    async requirePrivate() {
      if (await provider().isPrivate?.()) return;
      throw createHttpError(503, 'Client Galleries needs a private upload provider (strapi-provider-upload-private-local, or aws-s3 with ACL private); see the plugin README', {
        name: 'PrivateStorageRequiredError',
      });
    },

    /** Store bytes under path/hash+ext; returns the record to keep (never a signed URL). */
    async put(target: Omit<StoredObject, 'url' | 'size'>, body: Buffer | Readable, size?: number): Promise<StoredObject> {
      const current = provider();
      const file: Record<string, unknown> = { ...target, size: Buffer.isBuffer(body) ? body.length : size };
      if (Buffer.isBuffer(body)) file.buffer = body;
      else file.stream = body;
      if (Buffer.isBuffer(body) || typeof current.uploadStream !== 'function') await current.upload(file);
      else await current.uploadStream(file);
      // Providers report the stored address by setting file.url on the object they were given.
      return { ...target, url: String(file.url ?? ''), size: file.size as number | undefined };
    },

    async remove(object: Pick<StoredObject, 'path' | 'hash' | 'ext' | 'url'>) {
      await provider().delete({ ...object });
    },

    async signedUrl(object: Pick<StoredObject, 'path' | 'hash' | 'ext' | 'url'>): Promise<string> {
      const { url } = await provider().getSignedUrl({ ...object, url: object.url || locator() });
      return url;
    },

    /** A read stream over stored bytes, for processing on the server. */
    async openRead(object: Pick<StoredObject, 'path' | 'hash' | 'ext' | 'url'>): Promise<Readable> {
      const current = provider();
      if (typeof current.createReadStream === 'function') return current.createReadStream({ ...object });
      const url = await this.signedUrl(object);
      const response = await fetch(url);
      if (!response.ok || !response.body) throw new Error(`storage read failed with ${response.status}`);
      return Readable.fromWeb(response.body as import('stream/web').ReadableStream);
    },

    /**
     * Bytes `start`..`end` (inclusive) of a stored object: a resumed download, or one entry's
     * share of a zip range. Private-local reads the file from that offset; S3 gets a ranged GET.
     */
    async openRange(object: Pick<StoredObject, 'path' | 'hash' | 'ext' | 'url'>, range: { start: number; end: number }): Promise<Readable> {
      const open = localOpen();
      if (open) {
        const file = await open(mediaKeyOf(object));
        if (!file) throw new StoredFileMissingError(mediaKeyOf(object), 'is missing');
        return fs.createReadStream(file.absolutePath, { start: range.start, end: range.end, highWaterMark: 256 * 1024 });
      }
      const response = await this.fetchStored(object, `bytes=${range.start}-${range.end}`);
      // 404: the object is gone; 416: it is shorter than the range the frozen layout expects.
      if (response.status === 404 || response.status === 416) throw new StoredFileMissingError(mediaKeyOf(object), `answered ${response.status}`);
      if (response.status !== 206 || !response.body) throw new Error(`storage ranged read answered ${response.status}`);
      return Readable.fromWeb(response.body as import('stream/web').ReadableStream);
    },

    /** A GET of a remote (S3) object through a presigned URL, passing a Range header on. */
    async fetchStored(object: Pick<StoredObject, 'path' | 'hash' | 'ext' | 'url'>, range?: string): Promise<Response> {
      return fetch(await this.signedUrl(object), range ? { headers: { Range: range } } : undefined);
    },

    /**
     * A file sharp can read the stored bytes from (it shrinks-on-load from files; a stream would be
     * buffered whole). On a local disk that is the stored file itself, read in place: copying a
     * 6 MB original per render was a serial cost on the event loop. Elsewhere, a temp copy.
     */
    async sourceFile(object: Pick<StoredObject, 'path' | 'hash' | 'ext' | 'url'>): Promise<{ filepath: string; cleanup: () => Promise<void> }> {
      const open = localOpen();
      if (open) {
        const file = await open(mediaKeyOf(object));
        if (file) return { filepath: file.absolutePath, cleanup: async () => undefined };
      }
      return this.toTempFile(object);
    },

    /**
     * Every stored object, in pages (the leftover sweeper). Private-local walks its root folder;
     * S3 lists the bucket (under the provider's rootPath) with ListObjectsV2, which needs the
     * s3:ListBucket permission besides the provider's own. Keys are provider-neutral, as
     * mediaKeyOf makes them. Another provider lists nothing.
     */
    async *listStored(): AsyncGenerator<ListedObject[]> {
      const config = strapi.config.get('plugin::upload') as { provider: string; providerOptions?: any };
      if (localOpen()) {
        const rootDir = config.providerOptions?.rootDir;
        if (typeof rootDir === 'string' && path.isAbsolute(rootDir)) yield* walkLocal(path.resolve(rootDir));
        return;
      }
      if (!this.isS3()) return;
      const options = config.providerOptions ?? {};
      const bucket = options.s3Options?.params?.Bucket;
      const prefix = options.rootPath ? `${String(options.rootPath).replace(/\/+$/, '')}/` : '';
      // Resolved from the host app, which installed the provider (and with it the SDK).
      const sdk = require(require.resolve('@aws-sdk/client-s3', { paths: [strapi.dirs.app.root, __dirname] })) as typeof import('@aws-sdk/client-s3');
      const client = new sdk.S3Client({ ...options.s3Options });
      try {
        let token: string | undefined;
        do {
          const answer = await client.send(new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: 1000 }));
          const page = (answer.Contents ?? [])
            .filter((object) => object.Key && object.Key.startsWith(prefix))
            .map((object) => ({ key: object.Key!.slice(prefix.length), modifiedMs: object.LastModified ? object.LastModified.getTime() : Date.now() }));
          if (page.length > 0) yield page;
          token = answer.IsTruncated ? answer.NextContinuationToken : undefined;
        } while (token);
      } finally {
        client.destroy();
      }
    },

    /** Remove a stored object by its key (the leftover sweeper). */
    async removeKey(key: string) {
      await provider().delete({ ...objectOfMediaKey(key) });
    },

    /** Copy stored bytes to a temp file (sharp shrinks-on-load from files; streams would be buffered whole). */
    async toTempFile(object: Pick<StoredObject, 'path' | 'hash' | 'ext' | 'url'>) {
      const dir = await fs.promises.mkdtemp(tempFolderPrefix(os.tmpdir(), 'source'));
      const filepath = path.join(dir, `source${object.ext ?? ''}`);
      try {
        await pipeline(await this.openRead(object), fs.createWriteStream(filepath));
      } catch (error) {
        await fs.promises.rm(dir, { recursive: true, force: true });
        throw error;
      }
      return { filepath, cleanup: () => fs.promises.rm(dir, { recursive: true, force: true }) };
    },
  };
};

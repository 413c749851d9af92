import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { pipeline } from 'stream/promises';
import type { Readable } from 'stream';
import { isValidKey, MAX_TTL_SECONDS, sign, verify } from './signing';

export { isValidKey, MAX_TTL_SECONDS, sign, verify };

/**
 * A private local upload provider for Strapi 5. Files live outside public/ (Strapi's stock
 * provider serves public/uploads to anyone), and the only way to read one over HTTP is an
 * HMAC-signed, expiring URL to the app's media route, which calls `verify` and `open` below.
 */
export interface PrivateLocalOptions {
  /** Absolute directory for stored files. */
  rootDir: string;
  /** HMAC key for signed URLs (MEDIA_SIGNING_SECRET). */
  signingSecret: string;
  /** Path of the app route that streams files. */
  urlPrefix?: string;
  /** Lifetime of a signed URL in seconds; capped at 15 minutes. */
  signedUrlExpires?: number;
}

export interface StoredFile {
  hash: string;
  ext?: string;
  path?: string;
  url?: string;
  mime?: string;
  stream?: Readable;
  buffer?: Buffer | string;
}

export interface OpenedFile {
  absolutePath: string;
  size: number;
  mtimeMs: number;
}

function sanitizeSegment(value: string | undefined): string {
  return (value ?? '').replace(/\.\./g, '').replace(/^\/+|\/+$/g, '').replace(/\/+/g, '/');
}

export function init(options: PrivateLocalOptions) {
  if (!options?.rootDir || !path.isAbsolute(options.rootDir)) throw new Error('upload-private-local: rootDir must be an absolute path');
  if (!options.signingSecret) throw new Error('upload-private-local: signingSecret (MEDIA_SIGNING_SECRET) is required');
  const rootDir = path.resolve(options.rootDir);
  const urlPrefix = (options.urlPrefix ?? '/media').replace(/\/+$/, '');
  const ttl = Math.max(1, Math.min(options.signedUrlExpires ?? MAX_TTL_SECONDS, MAX_TTL_SECONDS));
  fs.mkdirSync(rootDir, { recursive: true });

  /** The key a file was stored under: taken from its unsigned URL when it has one, else from path/hash/ext. */
  function keyOf(file: StoredFile): string {
    const fromUrl = file.url && file.url.startsWith(`${urlPrefix}/`) ? file.url.slice(urlPrefix.length + 1).split('?')[0] : null;
    const dir = sanitizeSegment(file.path);
    const key = fromUrl ?? `${dir ? `${dir}/` : ''}${sanitizeSegment(file.hash)}${(file.ext ?? '').replace(/[^a-zA-Z0-9.]/g, '')}`;
    if (!isValidKey(key)) throw new Error(`upload-private-local: invalid storage key "${key}"`);
    return key;
  }

  /** Absolute path for a key, or null when the key is malformed or would leave rootDir. */
  function resolveKey(key: string): string | null {
    if (!isValidKey(key)) return null;
    const absolute = path.resolve(rootDir, key);
    return absolute.startsWith(rootDir + path.sep) ? absolute : null;
  }

  async function write(file: StoredFile, source: Readable | Buffer) {
    const key = keyOf(file);
    const target = resolveKey(key)!;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Write beside the target and rename: a reader never sees a half-written file.
    const temp = `${target}.${crypto.randomBytes(6).toString('hex')}.part`;
    try {
      if (Buffer.isBuffer(source)) await fs.promises.writeFile(temp, source, { mode: 0o600 });
      else await pipeline(source, fs.createWriteStream(temp, { mode: 0o600 }));
      await fs.promises.rename(temp, target);
    } catch (error) {
      await fs.promises.rm(temp, { force: true });
      throw error;
    }
    // The unsigned URL is only an address: the media route refuses it without a signature.
    file.url = `${urlPrefix}/${key}`;
  }

  return {
    uploadStream(file: StoredFile) {
      if (!file.stream) throw new Error('upload-private-local: uploadStream needs file.stream');
      return write(file, file.stream);
    },
    upload(file: StoredFile) {
      if (file.stream) return write(file, file.stream);
      return write(file, Buffer.isBuffer(file.buffer) ? file.buffer : Buffer.from(file.buffer ?? '', 'binary'));
    },
    async delete(file: StoredFile) {
      const target = resolveKey(keyOf(file));
      if (target) await fs.promises.rm(target, { force: true });
    },
    isPrivate() {
      return true;
    },
    async getSignedUrl(file: StoredFile, opts?: { expiresIn?: number }) {
      const key = keyOf(file);
      const lifetime = Math.max(1, Math.min(opts?.expiresIn ?? ttl, ttl));
      const exp = Math.floor(Date.now() / 1000) + lifetime;
      return { url: `${urlPrefix}/${key}?exp=${exp}&sig=${sign(key, exp, options.signingSecret)}` };
    },

    /*
     * Beyond Strapi's provider contract: what the app's media route and derivative pipeline need.
     * Strapi wraps every provider member as an async (file, options) function, so these are
     * methods taking one argument, and callers await them.
     */

    /** Checks a signed request; the media route serves nothing this refuses. */
    verifyRequest(request: { key: string; exp: unknown; sig: unknown }) {
      return verify(request, options.signingSecret);
    },
    /** Stat a stored file by key, or null when it does not exist or the key is not acceptable. */
    async open(key: string): Promise<OpenedFile | null> {
      const absolutePath = resolveKey(key);
      if (!absolutePath) return null;
      try {
        const stat = await fs.promises.stat(absolutePath);
        return stat.isFile() ? { absolutePath, size: stat.size, mtimeMs: stat.mtimeMs } : null;
      } catch {
        return null;
      }
    },
    /** A read stream over a stored file, for server-side processing (derivatives from the original). */
    async createReadStream(file: StoredFile) {
      const target = resolveKey(keyOf(file));
      if (!target) throw new Error('upload-private-local: invalid key');
      return fs.createReadStream(target);
    },
  };
}

export default { init };

import type { Core } from '@strapi/strapi';
import { mediaKeyOf, objectOfMediaKey } from '../../lib/media-keys';
import { yieldToEventLoop } from '../../lib/event-loop';
import { UID } from '../../uids';
import { getService } from '../../get-service';

/**
 * "Does any row name this stored file?": the one answer the leftover sweeper trusts before it
 * removes a file (services/background/leftover-sweeper.ts). Every kind of row that names stored files is a
 * source in REFERENCE_SOURCES below; a new kind of row is one more line there.
 *
 * A source is opened once per sweep and then asked about one page of keys at a time (provider-
 * neutral keys, `path/hash.ext`), so no sweep holds every stored key, and its queries do not
 * grow with the store.
 */
export type ReferenceCheck = (keys: string[]) => Promise<Set<string>>;

export interface ReferenceSource {
  name: string;
  open(strapi: Core.Strapi): Promise<ReferenceCheck>;
}

/** Ids or keys per statement. */
const CHUNK = 500;

/**
 * Strapi's files table: originals (the plugin's ingest and the Media Library) and the formats
 * Strapi made of them (`thumbnail_<hash>`, `small_<hash>`, …, listed in the row's `formats`). A
 * format's key leads to its row by the part after the format's name.
 */
const uploadFiles: ReferenceSource = {
  name: 'upload files and their formats',
  async open(strapi) {
    return async (keys) => {
      const hashes = new Set<string>();
      for (const key of keys) {
        const { hash } = objectOfMediaKey(key);
        hashes.add(hash);
        const underscore = hash.indexOf('_');
        if (underscore > 0) hashes.add(hash.slice(underscore + 1));
      }
      const named = new Set<string>();
      const list = [...hashes];
      for (let i = 0; i < list.length; i += CHUNK) {
        const rows: Array<{ hash: string; ext: string | null; formats: Record<string, { hash?: string; ext?: string; path?: string | null }> | null }> = await strapi.db
          .query(UID.file)
          .findMany({ where: { hash: { $in: list.slice(i, i + CHUNK) } }, select: ['hash', 'ext', 'formats'] });
        for (const row of rows) {
          named.add(mediaKeyOf({ hash: row.hash, ext: row.ext ?? '' }));
          for (const format of Object.values(row.formats ?? {})) {
            if (format?.hash) named.add(mediaKeyOf({ path: format.path ?? undefined, hash: format.hash, ext: format.ext ?? '' }));
          }
        }
      }
      return new Set(keys.filter((key) => named.has(key)));
    };
  },
};

/**
 * The variants recorded on gallery images (`derivatives`, keyed `derivatives/<dir>/<variant>.jpg`).
 * The folder is a keyed digest of the photo's checksum, so a key cannot be looked up by a column:
 * the recorded folders are read once per sweep, 500 rows at a time (one short string per photo,
 * not per file). A file written since is younger than the sweep's age limit, so it is never a
 * candidate. A folder that is recorded keeps every file in it.
 */
const galleryImageVariants: ReferenceSource = {
  name: 'gallery image variants',
  async open(strapi) {
    const folders = new Set<string>();
    let afterId = 0;
    for (;;) {
      const rows: Array<{ id: number; derivatives: Record<string, { path?: string }> | null }> = await strapi.db
        .query(UID.galleryImage)
        .findMany({ where: { id: { $gt: afterId } }, orderBy: { id: 'asc' }, limit: CHUNK, select: ['id', 'derivatives'] });
      if (rows.length === 0) break;
      for (const row of rows) for (const variant of Object.values(row.derivatives ?? {})) if (variant?.path) folders.add(variant.path);
      afterId = rows[rows.length - 1].id;
      await yieldToEventLoop();
    }
    return async (keys) => new Set(keys.filter((key) => folders.has(objectOfMediaKey(key).path ?? '')));
  },
};

/**
 * Files a live package's frozen zip names (`package_files`): kept after their photo or variant is
 * deleted, until the last such package is released (services/delivery/package-holds.ts).
 */
const packageHolds: ReferenceSource = {
  name: 'files held by live packages',
  async open(strapi) {
    return (keys) => getService(strapi, 'package-holds').referencedKeys(keys);
  },
};

/** The studio's logo (a studio setting, services/studio/brand-logo.ts): the current one only; a replaced one may go. */
const studioLogo: ReferenceSource = {
  name: 'the studio logo',
  async open(strapi) {
    const key = await getService(strapi, 'brand-logo').storedKey();
    return async (keys) => new Set(key ? keys.filter((candidate) => candidate === key) : []);
  },
};

/** Every kind of row that names stored files. */
export const REFERENCE_SOURCES: ReferenceSource[] = [uploadFiles, galleryImageVariants, packageHolds, studioLogo];

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Opens every source for one sweep; the check answers which keys of a page some row names. */
  async open(sources: ReferenceSource[] = REFERENCE_SOURCES): Promise<ReferenceCheck> {
    const checks = await Promise.all(sources.map((source) => source.open(strapi)));
    return async (keys) => {
      const named = new Set<string>();
      for (const check of checks) {
        const left = keys.filter((key) => !named.has(key));
        if (left.length === 0) break;
        for (const key of await check(left)) named.add(key);
      }
      return named;
    };
  },
});

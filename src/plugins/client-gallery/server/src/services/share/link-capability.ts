import type { Core } from '@strapi/strapi';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const LINK = UID.shareLink;
const GALLERY = UID.gallery;
const IMAGE = UID.galleryImage;
const ENTRY = UID.galleryEntry;
/** How long the /media route may reuse a link's capability answer (DESIGN: revocation within a second). */
const CAPABILITY_CACHE_MS = 1000;
/** Past this many cached answers, the stale ones are dropped (they are all stale a second later). */
const CACHE_LIMIT = 10_000;

/**
 * What a visitor's media URL is checked against on every request (lib/capability.ts): the
 * current capability version of its link, and whether the photo it shows is still in the link's
 * gallery. Kept apart from share-access, which decides what a visitor may do; this only answers
 * "is the link that minted this URL still the same, and does it still show this photo".
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const access = () => getService(strapi, 'share-access');
  const cache = new Map<string, { at: number; version: string | null }>();

  /**
   * One query: the link, its gallery's published row, the facts a capability version digests,
   * and the photo's membership entry in that gallery (keyed by the gallery's documentId).
   */
  async function loadCapability(linkDocumentId: string, imageDocumentId: string): Promise<string | null> {
    const meta = strapi.db.metadata;
    const links = meta.get(LINK);
    const galleries = meta.get(GALLERY);
    const images = meta.get(IMAGE);
    const entries = meta.get(ENTRY);
    const join = (links.attributes.gallery as any).joinTable;
    const column = (uid: string, attribute: string) => (meta.get(uid).attributes[attribute] as any).columnName ?? attribute;
    const row = await strapi.db
      .connection(`${links.tableName} as l`)
      .join(`${join.name} as j`, `j.${join.joinColumn.name}`, 'l.id')
      .join(`${galleries.tableName} as g`, 'g.id', `j.${join.inverseJoinColumn.name}`)
      .leftJoin(`${galleries.tableName} as p`, function published() {
        this.on('p.document_id', '=', 'g.document_id').andOnNotNull('p.published_at');
      })
      .leftJoin(`${images.tableName} as i`, function photo() {
        this.onVal('i.document_id', '=', imageDocumentId);
      })
      .leftJoin(`${entries.tableName} as e`, function member() {
        this.on(`e.${column(ENTRY, 'galleryDocumentId')}`, '=', 'g.document_id').andOn(`e.${column(ENTRY, 'imageId')}`, '=', 'i.id');
      })
      .where('l.document_id', linkDocumentId)
      .first(
        `l.${column(LINK, 'tokenHash')} as tokenHash`,
        `l.${column(LINK, 'passwordHash')} as passwordHash`,
        `l.${column(LINK, 'watermark')} as watermark`,
        `l.${column(LINK, 'revokedAt')} as revokedAt`,
        `l.${column(LINK, 'expiresAt')} as expiresAt`,
        'p.published_at as publishedAt',
        'e.id as entryId',
      );
    if (!row || !row.tokenHash || !row.publishedAt || row.entryId === null || row.entryId === undefined) return null;
    const revokedAt = row.revokedAt ? new Date(row.revokedAt).toISOString() : null;
    const expiresAt = row.expiresAt ? new Date(row.expiresAt).toISOString() : null;
    if (!access().isLive({ revokedAt, expiresAt })) return null;
    // SQLite hands booleans back as 0/1.
    const watermark = row.watermark === null || row.watermark === undefined ? null : Boolean(row.watermark);
    return getService(strapi, 'share-tokens').capabilityVersion({ tokenHash: row.tokenHash, passwordHash: row.passwordHash ?? null, watermark });
  }

  return {
    /**
     * The current capability version of a link for one of its photos, for the /media route: null
     * when the link is dead (unknown, revoked, expired, its gallery gone or unpublished) or the
     * photo is not in its gallery (never was, or was taken out). One indexed query per request;
     * answers are kept for at most a second, so a revoke or a removal counts from the next second
     * on, in every process.
     */
    async currentCapability(linkDocumentId: string, imageDocumentId: string): Promise<string | null> {
      const cacheKey = `${linkDocumentId}\n${imageDocumentId}`;
      const cached = cache.get(cacheKey);
      if (cached && Date.now() - cached.at < CAPABILITY_CACHE_MS) return cached.version;
      const version = await loadCapability(linkDocumentId, imageDocumentId);
      if (cache.size >= CACHE_LIMIT) {
        const now = Date.now();
        for (const [key, entry] of cache) if (now - entry.at >= CAPABILITY_CACHE_MS) cache.delete(key);
        if (cache.size >= CACHE_LIMIT) cache.clear();
      }
      cache.set(cacheKey, { at: Date.now(), version });
      return version;
    },

  };
};

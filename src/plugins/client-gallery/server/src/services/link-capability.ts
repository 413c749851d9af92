import type { Core } from '@strapi/strapi';
import { capabilityVersion } from '../lib/capability';
import { UID } from '../uids';
import { getService } from '../get-service';

const LINK = UID.shareLink;
const GALLERY = UID.gallery;
/** How long the /media route may reuse a link's capability answer (DESIGN: revocation within a second). */
const CAPABILITY_CACHE_MS = 1000;

/**
 * What a visitor's media URL is checked against on every request (lib/capability.ts): the
 * current capability version of its link. Kept apart from share-access, which decides what a
 * visitor may do; this only answers "is the link that minted this URL still the same".
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const access = () => getService(strapi, 'share-access');
  const cache = new Map<string, { at: number; version: string | null }>();

  /** One query: the link, its gallery's published row, the facts a capability version digests. */
  async function loadCapability(linkDocumentId: string): Promise<string | null> {
    const meta = strapi.db.metadata;
    const links = meta.get(LINK);
    const galleries = meta.get(GALLERY);
    const join = (links.attributes.gallery as any).joinTable;
    const column = (uid: string, attribute: string) => (meta.get(uid).attributes[attribute] as any).columnName ?? attribute;
    const row = await strapi.db
      .connection(`${links.tableName} as l`)
      .join(`${join.name} as j`, `j.${join.joinColumn.name}`, 'l.id')
      .join(`${galleries.tableName} as g`, 'g.id', `j.${join.inverseJoinColumn.name}`)
      .leftJoin(`${galleries.tableName} as p`, function published() {
        this.on('p.document_id', '=', 'g.document_id').andOnNotNull('p.published_at');
      })
      .where('l.document_id', linkDocumentId)
      .first(
        `l.${column(LINK, 'tokenHash')} as tokenHash`,
        `l.${column(LINK, 'passwordHash')} as passwordHash`,
        `l.${column(LINK, 'watermark')} as watermark`,
        `l.${column(LINK, 'revokedAt')} as revokedAt`,
        `l.${column(LINK, 'expiresAt')} as expiresAt`,
        'p.published_at as publishedAt',
      );
    if (!row || !row.tokenHash || !row.publishedAt) return null;
    const revokedAt = row.revokedAt ? new Date(row.revokedAt).toISOString() : null;
    const expiresAt = row.expiresAt ? new Date(row.expiresAt).toISOString() : null;
    if (!access().isLive({ revokedAt, expiresAt })) return null;
    // SQLite hands booleans back as 0/1.
    const watermark = row.watermark === null || row.watermark === undefined ? null : Boolean(row.watermark);
    return capabilityVersion(access().signingKey(), { tokenHash: row.tokenHash, passwordHash: row.passwordHash ?? null, watermark });
  }

  return {
    /**
     * The current capability version of a link, for the /media route: null when the link is dead
     * (unknown, revoked, expired, its gallery gone or unpublished). One indexed query; answers are
     * kept for at most a second, so a page of thumbs costs one lookup and a revoke still counts
     * from the next second on.
     */
    async currentCapability(linkDocumentId: string): Promise<string | null> {
      const cached = cache.get(linkDocumentId);
      if (cached && Date.now() - cached.at < CAPABILITY_CACHE_MS) return cached.version;
      const version = await loadCapability(linkDocumentId);
      if (cache.size > 10_000) cache.clear();
      cache.set(linkDocumentId, { at: Date.now(), version });
      return version;
    },

  };
};

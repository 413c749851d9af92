import { factories } from '@strapi/strapi';
import { DownloadLimitReachedError, type DownloadAllowance } from '../../lib/errors';
import { UID } from '../../uids';
import { pairKey } from '../../queries/grants';

const GRANT = UID.downloadGrant;
const LINK = UID.shareLink;


export interface TakeResult extends DownloadAllowance {
  /** Images counted against the limit by this call. */
  granted: number[];
  /** Images this link already held a grant for: downloading them again is free. */
  alreadyGranted: number[];
}

export default factories.createCoreService(GRANT, ({ strapi }) => {
  const linkColumns = () => {
    const meta = strapi.db.metadata.get(LINK);
    const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
    return { table: meta.tableName, used: column('downloadsUsed'), limit: column('downloadLimit') };
  };

  const allowanceOf = (link: { downloadLimit: number | null; downloadsUsed: number | null }): DownloadAllowance => {
    const used = link.downloadsUsed ?? 0;
    const limit = link.downloadLimit ?? null;
    return { limit, used, remaining: limit === null ? null : Math.max(0, limit - used) };
  };

  return {
    /** Record that these photos reached the visitor (a file or a complete zip); the first time only. */
    async markDownloaded(linkId: number, imageIds: number[]) {
      if (imageIds.length === 0) return;
      await strapi.db.query(GRANT).updateMany({
        where: { pairKey: { $in: imageIds.map((imageId) => pairKey(linkId, imageId)) }, state: 'granted', downloadedAt: { $null: true } },
        data: { downloadedAt: new Date() },
      });
    },

    async allowance(linkId: number): Promise<DownloadAllowance> {
      const link = await strapi.db.query(LINK).findOne({ where: { id: linkId }, select: ['downloadLimit', 'downloadsUsed'] });
      return allowanceOf(link ?? { downloadLimit: 0, downloadsUsed: 0 });
    },

    /**
     * Take grants for `imageIds` on a link: all or nothing against what remains.
     * Images already granted to this link cost nothing. Callers decide access first (share-access);
     * this only counts.
     *
     * Why it cannot over-grant: the first statement writes the link's row, which takes its row lock
     * (PostgreSQL) or the database write lock (SQLite) until commit, so takes on one link run one
     * after another across every process; the grant read after it is therefore current. The
     * counter then moves by one conditional UPDATE that re-checks the limit in the database.
     */
    async take(linkId: number, imageIds: number[]): Promise<TakeResult> {
      const unique = [...new Set(imageIds)];
      const { table, used, limit } = linkColumns();

      return strapi.db.transaction(async ({ trx }) => {
        const knex = strapi.db.connection;
        const locked = await knex(table).transacting(trx).where({ id: linkId }).update({ [used]: knex.raw('COALESCE(??, 0)', [used]) });
        if (locked === 0) throw new Error(`share link ${linkId} does not exist`);

        const existing = await strapi.db.query(GRANT).findMany({
          where: { pairKey: { $in: unique.map((imageId) => pairKey(linkId, imageId)) } },
          select: ['id', 'pairKey', 'state'],
        });
        const granted = new Set(existing.filter((g: { state: string }) => g.state === 'granted').map((g: { pairKey: string }) => g.pairKey));
        const fresh = unique.filter((imageId) => !granted.has(pairKey(linkId, imageId)));
        const alreadyGranted = unique.filter((imageId) => granted.has(pairKey(linkId, imageId)));

        if (fresh.length > 0) {
          const counted = await knex(table)
            .transacting(trx)
            .where({ id: linkId })
            .andWhere((q) => q.whereNull(limit).orWhereRaw('?? + ? <= ??', [used, fresh.length, limit]))
            .update({ [used]: knex.raw('?? + ?', [used, fresh.length]) });
          if (counted === 0) {
            const link = await strapi.db.query(LINK).findOne({ where: { id: linkId }, select: ['downloadLimit', 'downloadsUsed'] });
            throw new DownloadLimitReachedError({ ...allowanceOf(link), requested: fresh.length });
          }

          const queued = new Map(existing.filter((g: { state: string }) => g.state !== 'granted').map((g: { pairKey: string; id: number }) => [g.pairKey, g.id]));
          const now = new Date();
          for (const imageId of fresh) {
            const key = pairKey(linkId, imageId);
            const queuedId = queued.get(key);
            if (queuedId) {
              await strapi.db.query(GRANT).update({ where: { id: queuedId }, data: { state: 'granted', grantedAt: now } });
            } else {
              await strapi.db.query(GRANT).create({ data: { link: linkId, image: imageId, pairKey: key, state: 'granted', grantedAt: now } });
            }
          }
        }

        const link = await strapi.db.query(LINK).findOne({ where: { id: linkId }, select: ['downloadLimit', 'downloadsUsed'] });
        return { ...allowanceOf(link), granted: fresh, alreadyGranted };
      });
    },
  };
});

import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ActivityType, MilestoneKind } from '../../../../shared/contracts';
import { DASHBOARD_LIMITS, type GalleryCounts, type LinkCounts } from '../../../../shared/dashboard';
import { ClientNotFoundError, GalleryNotFoundError } from '../../lib/errors';
import { COUNTERS, counterOf, sumCounts } from '../../lib/activity-counts';
import { backfillStatement, isoTime, linksWithGallery, STATS_TABLE, storedTime } from '../../queries/link-stats';

const LINK_COLUMNS = [
  'sl.document_id as link_document_id',
  'sl.kind',
  'sl.recipient_email',
  'sl.recipient_name',
  'sl.revoked_at',
  'sl.download_limit',
  'sl.downloads_used',
  'g.document_id as gallery_document_id',
  'g.title as gallery_title',
  ...COUNTERS.map((counter) => `s.${counter}`),
  's.last_visit_at',
];

function toLinkCounts(row: Record<string, any>): LinkCounts {
  const counts = Object.fromEntries(COUNTERS.map((counter) => [counter, Number(row[counter] ?? 0)])) as Record<(typeof COUNTERS)[number], number>;
  return {
    link: {
      documentId: row.link_document_id,
      kind: row.kind,
      recipientEmail: row.recipient_email ?? null,
      recipientName: row.recipient_name ?? null,
      revoked: Boolean(row.revoked_at),
    },
    gallery: { documentId: row.gallery_document_id, title: row.gallery_title ?? '' },
    ...counts,
    downloadsUsed: Number(row.downloads_used ?? 0),
    downloadLimit: row.download_limit === null || row.download_limit === undefined ? null : Number(row.download_limit),
    lastVisitAt: isoTime(row.last_visit_at),
  };
}

/** Link rows, grouped into their galleries (in the order the rows came). */
function byGallery(links: LinkCounts[]): GalleryCounts[] {
  const galleries = new Map<string, LinkCounts[]>();
  for (const link of links) galleries.set(link.gallery.documentId, [...(galleries.get(link.gallery.documentId) ?? []), link]);
  return [...galleries.values()].map((rows) => ({
    gallery: rows[0].gallery,
    ...sumCounts(rows),
    downloadsUsed: rows.reduce((sum, row) => sum + row.downloadsUsed, 0),
    lastVisitAt: rows.reduce<string | null>((last, row) => (row.lastVisitAt && (!last || row.lastVisitAt > last) ? row.lastVisitAt : last), null),
    links: rows,
  }));
}

/**
 * A link's counts (`link_stats`, one row per link): raised in the transaction that stores each
 * activity event, with one atomic upsert (INSERT … ON CONFLICT (link_id) DO UPDATE SET n = n + 1),
 * so concurrent events in any number of processes are all counted and a rolled-back event is
 * not. Reading a gallery's or a client's counts is one statement over its links, never over events.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection as unknown as Knex;

  async function counts(where: (query: Knex.QueryBuilder) => void) {
    const query = linksWithGallery(knex()).leftJoin(`${STATS_TABLE} as s`, 's.link_id', 'sl.id').select(LINK_COLUMNS);
    where(query);
    const rows: Record<string, any>[] = await query.orderBy([{ column: 'g.id', order: 'desc' }, { column: 'sl.id', order: 'asc' }]).limit(DASHBOARD_LIMITS.links + 1);
    const truncated = rows.length > DASHBOARD_LIMITS.links;
    return { data: byGallery(rows.slice(0, DASHBOARD_LIMITS.links).map(toLinkCounts)), meta: { truncated } };
  }

  return {
    /**
     * Counts one event of a link. Call it inside the transaction that stores the event (it joins
     * the caller's; alone it makes its own).
     */
    async bump(linkId: number, event: { type: ActivityType; details?: Record<string, unknown> | null; milestone?: MilestoneKind | null }, at = new Date()) {
      const counter = counterOf(event.type, event.details, event.milestone);
      const when = storedTime(knex(), at);
      await strapi.db.transaction(async ({ trx }) => {
        const row: Record<string, unknown> = { link_id: linkId, last_activity_at: when, created_at: when, updated_at: when };
        for (const name of COUNTERS) row[name] = name === counter ? 1 : 0;
        const merge: Record<string, unknown> = { last_activity_at: when, updated_at: when };
        if (counter) merge[counter] = trx.raw('??.?? + 1', [STATS_TABLE, counter]);
        if (counter === 'views') row.last_visit_at = merge.last_visit_at = when;
        await trx(STATS_TABLE).insert(row).onConflict('link_id').merge(merge);
      });
    },

    /**
     * Every link's counts made again from its events (one INSERT … SELECT … GROUP BY): the
     * backfill of a database that had events before the counts existed, and a repair. Joins the
     * caller's transaction; the counts of events stored meanwhile elsewhere wait for it on the
     * table's rows.
     */
    async recountAll() {
      await strapi.db.transaction(async ({ trx }) => {
        await trx(STATS_TABLE).del();
        await backfillStatement(trx as unknown as Knex);
      });
    },

    /** GET /galleries/:documentId/counts: the gallery's links, each with its counts. */
    async forGallery(galleryDocumentId: string) {
      if (!(await knex()('galleries').where('document_id', galleryDocumentId).first('id'))) throw new GalleryNotFoundError();
      return counts((query) => query.where('g.document_id', galleryDocumentId));
    },

    /** GET /clients/:documentId/counts: the client's galleries, each with its links' counts. */
    async forClient(clientDocumentId: string) {
      if (!(await knex()('clients').where('document_id', clientDocumentId).first('id'))) throw new ClientNotFoundError();
      return counts((query) => query.where('c.document_id', clientDocumentId));
    },
  };
};

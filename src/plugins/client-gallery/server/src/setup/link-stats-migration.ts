import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isPostgres, STATS_TABLE } from '../queries/link-stats';

/**
 * Links' counts (`link_stats`, services/activity/link-stats.ts) are raised as events are stored;
 * events stored before the table existed are counted once, here, by the rules of
 * lib/activity-counts.ts written as SQL:
 * 1. (internal migration, before the schema sync creates `link_stats`) a database that has events
 *    and no counts gets a marker table;
 * 2. (bootstrap, after the sync) one INSERT … SELECT … GROUP BY fills the counts from the events,
 *    and the marker goes in the same transaction. A fresh database has no marker; a rerun finds none.
 * Views stored before they were kept once per visitor and day (page loads) count as the days
 * they happened on, which is what a view counts now.
 */
export const LINK_STATS_BACKFILL_MARKER = 'client_gallery_link_stats_backfill';

export const linkStatsMigration = {
  name: 'client-gallery::2026.12.07-link-counts-from-earlier-events',
  async up(knex: Knex) {
    if (!(await knex.schema.hasTable('activity_events')) || (await knex.schema.hasTable(STATS_TABLE))) return;
    if (await knex.schema.hasTable(LINK_STATS_BACKFILL_MARKER)) return;
    await knex.schema.createTable(LINK_STATS_BACKFILL_MARKER, (table) => table.integer('pending'));
  },
  async down() {
    // One way: the counts are kept from here on.
  },
};

/** The counts of every link from its stored events: one statement, grouped by link. */
export function backfillStatement(knex: Knex) {
  const pg = isPostgres(knex);
  // The UTC day of a stored time: PostgreSQL keeps a timestamp (UTC here), SQLite milliseconds.
  const day = pg ? 'CAST(e.created_at AS DATE)' : 'CAST(e.created_at / 86400000 AS INTEGER)';
  const packageState = pg ? "e.details->>'state'" : "json_extract(e.details, '$.state')";
  const sum = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
  return knex.raw(
    `INSERT INTO ?? (link_id, views, favourites, selections, downloads, packages, comments, last_visit_at, last_activity_at, created_at, updated_at)
     SELECT l.share_link_id,
       COUNT(DISTINCT CASE WHEN e.type = 'view' THEN ${day} END),
       ${sum("e.type = 'favourite'")},
       ${sum("e.type = 'selection-confirmed'")},
       ${sum("e.type = 'download'")},
       ${sum(`e.type = 'package' AND ${packageState} IS NULL`)},
       ${sum("e.type = 'comment'")},
       MAX(CASE WHEN e.type = 'view' THEN e.created_at END),
       MAX(e.created_at), MAX(e.created_at), MAX(e.created_at)
     FROM activity_events e JOIN activity_events_link_lnk l ON l.activity_event_id = e.id
     WHERE l.share_link_id IS NOT NULL
     GROUP BY l.share_link_id`,
    [STATS_TABLE],
  );
}

export async function finishLinkStatsBackfill(strapi: Core.Strapi) {
  const knex = strapi.db.connection as unknown as Knex;
  if (!(await knex.schema.hasTable(LINK_STATS_BACKFILL_MARKER))) return;
  await strapi.db.transaction(async ({ trx }) => {
    await trx(STATS_TABLE).del();
    await backfillStatement(trx as unknown as Knex);
    await trx.schema.dropTable(LINK_STATS_BACKFILL_MARKER);
  });
  const [{ count }] = await knex(STATS_TABLE).count({ count: '*' });
  strapi.log.info(`client-gallery: counted the earlier activity of ${count} links`);
}

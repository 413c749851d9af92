import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { STATS_TABLE } from '../queries/link-stats';
import { getService } from '../get-service';

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

export async function finishLinkStatsBackfill(strapi: Core.Strapi) {
  const knex = strapi.db.connection as unknown as Knex;
  if (!(await knex.schema.hasTable(LINK_STATS_BACKFILL_MARKER))) return;
  await strapi.db.transaction(async ({ trx }) => {
    await getService(strapi, 'link-stats').recountAll();
    await trx.schema.dropTable(LINK_STATS_BACKFILL_MARKER);
  });
  const [{ count }] = await knex(STATS_TABLE).count({ count: '*' });
  strapi.log.info(`client-gallery: counted the earlier activity of ${count} links`);
}

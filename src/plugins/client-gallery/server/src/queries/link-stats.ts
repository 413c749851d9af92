/**
 * Table and column names the counts and the dashboard read with SQL of their own (a relation of
 * Strapi 5 lives in a join table, `<table>_<field>_lnk`). Shared by services/activity/link-stats.ts,
 * services/activity/dashboard.ts, the backfill and the bench.
 */
import type { Knex } from 'knex';

export const STATS_TABLE = 'link_stats';

/** A datetime as the dialect stores it: better-sqlite3 binds no Date (Strapi keeps milliseconds there). */
export function storedTime(knex: Knex, at: Date): Date | number {
  return isPostgres(knex) ? at : at.getTime();
}

/** A datetime read back from either dialect, as ISO 8601. */
export function isoTime(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function isPostgres(knex: Knex): boolean {
  // knex's own dialect name (better-sqlite3's client inherits 'sqlite3').
  return (knex.client as { dialect?: string }).dialect === 'postgresql';
}

/**
 * A link with its gallery's draft row (the studio's title, the client relation) and its client:
 * a link may point at either version of the gallery, and both share the documentId.
 */
export function linksWithGallery(knex: Knex) {
  return knex('share_links as sl')
    .join('share_links_gallery_lnk as lg', 'lg.share_link_id', 'sl.id')
    .join('galleries as gl', 'gl.id', 'lg.gallery_id')
    .join('galleries as g', (on) => on.on('g.document_id', '=', 'gl.document_id').andOnNull('g.published_at'))
    .leftJoin('galleries_client_lnk as gc', 'gc.gallery_id', 'g.id')
    .leftJoin('clients as c', 'c.id', 'gc.client_id');
}

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

/**
 * The counts of every link from its stored events, by the rules of lib/activity-counts.ts written
 * as SQL: one statement, grouped by link. Views count the UTC days they happened on, which is what
 * a view counts since views are kept once per visitor and day.
 */
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
       ${sum("e.type = 'comment' AND (e.milestone IS NULL OR e.milestone <> 'new-comments')")},
       MAX(CASE WHEN e.type = 'view' THEN e.created_at END),
       MAX(e.created_at), MAX(e.created_at), MAX(e.created_at)
     FROM activity_events e JOIN activity_events_link_lnk l ON l.activity_event_id = e.id
     WHERE l.share_link_id IS NOT NULL
     GROUP BY l.share_link_id`,
    [STATS_TABLE],
  );
}


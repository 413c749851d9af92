import type { Core } from '@strapi/strapi';
import { UID } from '../../uids';

/** Rows added to a table by this process past which its statistics are refreshed. */
export const REFRESH_AFTER_ROWS = 1000;

/**
 * Planner statistics on PostgreSQL, kept fresh where the plugin adds rows by the thousand.
 *
 * PostgreSQL plans from table statistics. Autovacuum refreshes them a minute or more after a
 * change, and where it is turned off, never. Without them it guesses: after 10,000 photos were
 * ingested into one client, the admin Photos tab's page of ids scanned and sorted all of them
 * (12 ms a page, growing with the client; 0.2 ms on the (taken_at, id) index once analyzed), and
 * a gallery's page of ids did the same to its entries.
 *
 * Writers report the rows they add (`wrote`). Once 1,000 have gone into a table through this
 * process since its last refresh, it runs ANALYZE on that table, after the write commits when it
 * is in a transaction. ANALYZE samples a bounded number of rows and blocks no reader or writer;
 * one runs at a time per table. Each process counts its own writes, so with several processes a
 * table is analyzed a little more often, never less. Other databases: nothing to do (SQLite
 * plans these statements from its indexes alone).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pending = new Map<string, number>();
  const running = new Set<string>();
  const isPostgres = () => (strapi.db as any).dialect?.client === 'postgres';

  return {
    /**
     * `rows` rows were added to each of `tables`. `onCommit` (a transaction's) delays the refresh
     * until they are visible; without it the refresh runs now, in the background.
     */
    wrote(tables: string[], rows: number, onCommit?: (callback: () => unknown) => void) {
      if (!isPostgres() || rows <= 0) return;
      const due: string[] = [];
      for (const table of tables) {
        const total = (pending.get(table) ?? 0) + rows;
        if (total >= REFRESH_AFTER_ROWS && !running.has(table)) {
          pending.set(table, 0);
          due.push(table);
        } else pending.set(table, total);
      }
      if (due.length === 0) return;
      const refresh = () => void this.analyze(due);
      if (onCommit) onCommit(refresh);
      else refresh();
    },

    /** Rows this process added to `table` since its last refresh (for the tests and the bench). */
    pendingRows(table: string) {
      return pending.get(table) ?? 0;
    },

    async analyze(tables: string[]) {
      tables.forEach((table) => running.add(table));
      try {
        await strapi.db.connection.raw(`ANALYZE ${tables.map(() => '??').join(', ')}`, tables);
      } catch (error) {
        strapi.log.warn(`table-statistics: ANALYZE ${tables.join(', ')} failed: ${(error as Error).message}`);
      } finally {
        tables.forEach((table) => running.delete(table));
      }
    },

    /**
     * The tables one ingested photo adds a row to: the photos, their client link, and the upload
     * plugin's file and its polymorphic link (read by every listing's file populate).
     */
    photoTables(): string[] {
      const images = strapi.db.metadata.get(UID.galleryImage);
      const files = strapi.db.metadata.get('plugin::upload.file');
      const joinTableOf = (attribute: unknown) => (attribute as { joinTable?: { name: string } }).joinTable?.name;
      return [images.tableName, joinTableOf(images.attributes.client), files.tableName, joinTableOf(files.attributes.related)].filter(
        (name): name is string => typeof name === 'string',
      );
    },
  };
};

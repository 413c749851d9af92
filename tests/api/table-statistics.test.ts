import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { usePostgres } from '../helpers/database';
import { createClient, makeJpeg } from '../helpers/fixtures';
import { ingestPhoto } from '../helpers/downloads';
import { queriesDuring } from '../helpers/sql';

/**
 * Listing plans that stay on their indexes as a client or gallery grows.
 *
 * - Deep pages: the keyset condition carries a bound the index can start from, so page 20 reads
 *   one page of index entries, not every entry before it.
 * - PostgreSQL's statistics: writers report the rows they add, and past 1,000 in a table the
 *   plugin runs ANALYZE itself. Autovacuum does it a minute late, or never where it is off (as on
 *   the machine CI runs on): without statistics, the admin tab scanned and sorted all the
 *   client's photos for every page.
 */
const IMAGE = 'plugin::client-gallery.gallery-image';
const GALLERY = 'plugin::client-gallery.gallery';
const PHOTOS = 3000;
const SOURCES = ['upload', 'comparison', 'markup'];

let booted: BootedStrapi;
let strapi: Core.Strapi;
let client: { documentId: string };

const statistics = () => strapi.plugin('client-gallery').service('table-statistics');

/** Photo rows of one client made straight in the tables (no files: the plans are under test); `sharing` photos in a row share a capture time. */
async function photoRows(clientDocumentId: string, count: number, { from = Date.parse('2026-01-01T00:00:00Z'), sharing = 1 } = {}): Promise<number[]> {
  const meta = strapi.db.metadata.get(IMAGE);
  const link = (meta.attributes.client as any).joinTable;
  const owner = await strapi.db.query('plugin::client-gallery.client').findOne({ where: { documentId: clientDocumentId }, select: ['id'] });
  const knex = strapi.db.connection;
  const ids: number[] = [];
  for (let i = 0; i < count; i += 500) {
    const rows = Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
      document_id: crypto.randomBytes(12).toString('hex'),
      taken_at: new Date(from + Math.floor((i + j) / sharing) * 1000),
      source: 'upload',
      created_at: new Date(),
      updated_at: new Date(),
    }));
    await knex(meta.tableName).insert(rows);
    const made = await knex(meta.tableName)
      .whereIn(
        'document_id',
        rows.map((row) => row.document_id),
      )
      .select('id');
    await knex(link.name).insert(made.map((row: any) => ({ [link.joinColumn.name]: row.id, [link.inverseJoinColumn.name]: owner.id })));
    ids.push(...made.map((row: any) => Number(row.id)));
  }
  return ids;
}

/** The statements `work` runs whose SQL, unquoted, starts with `prefix`, with their bindings. */
async function captured(prefix: string, work: () => Promise<unknown>) {
  return (await queriesDuring(strapi, work)).filter((query) => query.sql.replace(/[`"]/g, '').startsWith(prefix));
}

/** The database's own account of how it ran a statement: EXPLAIN ANALYZE, or SQLite's query plan. */
async function planOf(statement: { sql: string; bindings: unknown[] }): Promise<string> {
  const knex = strapi.db.connection;
  if (usePostgres) {
    const { rows } = await knex.raw(`EXPLAIN ANALYZE ${statement.sql.replace(/\$\d+/g, '?')}`, statement.bindings as any[]);
    return rows.map((row: any) => row['QUERY PLAN']).join('\n');
  }
  const rows = await knex.raw(`EXPLAIN QUERY PLAN ${statement.sql}`, statement.bindings as any[]);
  return rows.map((row: any) => row.detail).join('\n');
}

async function lastAnalyzed(table: string): Promise<Date | null> {
  const { rows } = await strapi.db.connection.raw('SELECT last_analyze FROM pg_stat_user_tables WHERE relname = ?', [table]);
  return rows[0]?.last_analyze ?? null;
}

/** What ingest reports for each photo, all at once (photoRows made them in bulk); then wait for the refresh. */
async function reportedAndAnalyzed(rows: number) {
  if (!usePostgres) return;
  const before = await lastAnalyzed('gallery_images_client_lnk');
  statistics().wrote(statistics().photoTables(), rows);
  for (let i = 0; i < 50 && (await lastAnalyzed('gallery_images_client_lnk'))?.getTime() === before?.getTime(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  booted = await bootStrapi('table-statistics', { STUDIO_NOTIFY_EMAIL: '', CRON_ENABLED: 'false' });
  strapi = booted.strapi;
  client = await createClient(strapi, 'Stella Statistics');
});

afterAll(async () => {
  await booted?.stop();
});

describe('an ingest', () => {
  it('reports its photo to every table it adds a row to (PostgreSQL), and to none on SQLite', async () => {
    const tables = statistics().photoTables();
    expect(tables).toEqual(['gallery_images', 'gallery_images_client_lnk', 'files', 'files_related_mph']);
    const before = tables.map((table: string) => statistics().pendingRows(table));
    await ingestPhoto(strapi, client.documentId, await makeJpeg(7), 'IMG_0007.jpg');
    const after = tables.map((table: string) => statistics().pendingRows(table));
    expect(after).toEqual(before.map((count: number) => (usePostgres ? count + 1 : 0)));
  });
});

describe('a deep page', () => {
  it("of the admin tab starts its index scan at the cursor, not at the client's newest photo", async () => {
    const deepClient = await createClient(strapi, 'Dora Deep');
    await photoRows(deepClient.documentId, PHOTOS);
    await reportedAndAnalyzed(PHOTOS);
    const list = (cursor?: string) =>
      strapi.plugin('client-gallery').service('gallery-image').listForClient({ clientDocumentId: deepClient.documentId, limit: 100, cursor, sources: SOURCES });
    let page = await list();
    for (let i = 0; i < 19; i += 1) page = await list(page.nextCursor);
    const [pageOfIds] = await captured(usePostgres ? 'select i.id' : 'select w.id', () => list(page.nextCursor));
    const plan = await planOf(pageOfIds);
    // A bound on taken_at the scan starts from: the OR alone was a filter that read and dropped the 2,000 newer photos.
    if (usePostgres) {
      expect(plan).toMatch(/Index Cond: \(taken_at <= /);
      expect(Number(/Rows Removed by Filter: (\d+)/.exec(plan)?.[1] ?? 0)).toBeLessThan(100);
    } else expect(plan).toMatch(/SEARCH w0 USING COVERING INDEX gallery_images_taken_at_id_idx \(taken_at<\?\)/);
  });

  it("of a gallery starts its index scan at the cursor's position", async () => {
    const owner = await createClient(strapi, 'Gina Gallery');
    const ids = await photoRows(owner.documentId, PHOTOS);
    const documentIds = (await strapi.db.query(IMAGE).findMany({ where: { id: { $in: ids } }, select: ['documentId'] })).map((row: any) => row.documentId);
    const gallery = await strapi.documents(GALLERY).create({ data: { title: 'Deep', client: owner.documentId, images: documentIds } as any });
    const membership = strapi.plugin('client-gallery').service('gallery-membership');
    const first = await membership.page(gallery.documentId, { limit: 2000 });
    const after = first[first.length - 1];
    const [pageOfIds] = await captured('select e.image_id', () => membership.page(gallery.documentId, { after, limit: 100 }));
    const plan = await planOf(pageOfIds);
    expect(plan).toMatch(
      usePostgres
        ? /Index Cond: \(.*"?position"? >= /
        : /SEARCH e USING (COVERING )?INDEX gallery_entries_order_idx \(gallery_document_id=\? AND position>\?\)/,
    );
    if (usePostgres) expect(Number(/Rows Removed by Filter: (\d+)/.exec(plan)?.[1] ?? 0)).toBeLessThan(100);
  });
});

(usePostgres ? describe : describe.skip)('PostgreSQL statistics', () => {
  it('are refreshed once 1,000 rows went into a table, and not before', async () => {
    // A table nothing in this file writes to in bulk, so only these reports can refresh it.
    const table = strapi.db.metadata.get('plugin::client-gallery.comment').tableName;
    const pending = statistics().pendingRows(table);
    statistics().wrote([table], 999 - pending);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await lastAnalyzed(table)).toBeNull();
    expect(statistics().pendingRows(table)).toBe(999);
    statistics().wrote([table], 1);
    let analyzed: Date | null = null;
    for (let i = 0; i < 50 && !analyzed; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      analyzed = await lastAnalyzed(table);
    }
    expect(analyzed).not.toBeNull();
    expect(statistics().pendingRows(table)).toBe(0);
  });
});

describe("the admin tab's first page", () => {
  const list = (clientDocumentId: string, cursor?: string) =>
    strapi.plugin('client-gallery').service('gallery-image').listForClient({ clientDocumentId, limit: 100, cursor, sources: SOURCES });
  /** The statements that read the first page's ids: `walk` (SQLite's window of the order index) or `sort` (from the client's link rows). */
  const pageOfIds = async (clientDocumentId: string) => {
    const statements = (await queriesDuring(strapi, () => list(clientDocumentId))).filter((query) => /^select [iw]\.id/.test(query.sql.replace(/[`"]/g, '')));
    return Promise.all(
      statements.map(async (query) => ({ way: query.sql.replace(/[`"]/g, '').startsWith('select w.id') ? 'walk' : 'sort', plan: await planOf(query) })),
    );
  };
  /** Every photo of the client, page by page. */
  const everyPhoto = async (clientDocumentId: string) => {
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(clientDocumentId, cursor);
      seen.push(...page.results.map((row: any) => row.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return seen;
  };
  // Capture times rise with the ids in photoRows: newest first is the ids, highest first.
  const newestFirst = (ids: number[]) => [...ids].sort((a, b) => b - a);

  it('walks the (taken_at, id) index for a client whose photos came in by the thousand, sorting nothing', async () => {
    const grown = await createClient(strapi, 'Greta Grown');
    await photoRows(grown.documentId, PHOTOS);
    await reportedAndAnalyzed(PHOTOS);
    const read = await pageOfIds(grown.documentId);
    // PostgreSQL from its refreshed statistics; SQLite (no statistics) by the plugin's own choice.
    expect(read.map((statement) => statement.way)).toEqual([usePostgres ? 'sort' : 'walk']);
    expect(read[0].plan).toMatch(
      usePostgres ? /Index Scan Backward using gallery_images_taken_at_id_idx/ : /SCAN w0 USING COVERING INDEX gallery_images_taken_at_id_idx/,
    );
    expect(read[0].plan).not.toMatch(usePostgres ? /Sort Key/ : /gallery_images_client_lnk_ifk/);
  });

  (usePostgres ? it.skip : it)('starts from the link rows of a client with few photos among many on SQLite (walking would read them all)', async () => {
    const small = await createClient(strapi, 'Sam Small');
    await photoRows(small.documentId, 100);
    const read = await pageOfIds(small.documentId);
    expect(read.map((statement) => statement.way)).toEqual(['sort']);
    expect(read[0].plan).toMatch(/SEARCH l USING INDEX gallery_images_client_lnk_ifk/);
  });

  it("reads a bounded window for a client whose photos are all older than everyone else's, then sorts theirs", async () => {
    // One shoot, years before the others: a walk from the newest photo would read every other client's photos first.
    const oldest = await createClient(strapi, 'Olga Oldest');
    const ids = await photoRows(oldest.documentId, PHOTOS, { from: Date.parse('2019-06-01T00:00:00Z') });
    await reportedAndAnalyzed(PHOTOS);
    if (!usePostgres) {
      const read = await pageOfIds(oldest.documentId);
      expect(read.map((statement) => statement.way)).toEqual(['walk', 'sort']);
      // The window is a LIMIT on the order index: it stops after theirs / 3 entries, whatever lies behind.
      expect(read[0].plan).toMatch(/SCAN w0 USING COVERING INDEX gallery_images_taken_at_id_idx/);
    }
    expect((await list(oldest.documentId)).results.map((row: any) => row.id)).toEqual(newestFirst(ids).slice(0, 100));
  });

  it('lists every photo once, newest first, whichever way its pages are read, ties broken by id across page boundaries', async () => {
    const [many, few] = [await createClient(strapi, 'Wanda Walk'), await createClient(strapi, 'Mia Mixed')];
    // Seven photos to a capture time: most pages of 100 end inside a tie. Wanda's are the newest of
    // all (on SQLite her pages come from the walk, her last from the sort); Mia's few are sorted.
    const manyIds = await photoRows(many.documentId, PHOTOS, { sharing: 7, from: Date.parse('2027-01-01T00:00:00Z') });
    const fewIds = await photoRows(few.documentId, 250, { sharing: 7 });
    await reportedAndAnalyzed(PHOTOS + 250);
    expect(await everyPhoto(many.documentId)).toEqual(newestFirst(manyIds));
    expect(await everyPhoto(few.documentId)).toEqual(newestFirst(fewIds));
  });
});

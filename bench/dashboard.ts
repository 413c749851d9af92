import { monitorEventLoopDelay } from 'perf_hooks';
import type { Core } from '@strapi/strapi';
import { bootBench, log } from './harness';

/**
 * bench:dashboard: the studio's dashboard and counts over a big history. One command, SQLite by
 * default, `--postgres` for PostgreSQL:
 *
 *   npm run bench:dashboard [-- --postgres] [--events 1000000] [--links 10000] [--samples 100]
 *
 * 1. seeds `links` share links (4 per gallery, galleries spread over 2,000 clients) and `events`
 *    activity events with their relations, plus comments, outbox mails and packages, in a few
 *    INSERT … SELECT statements over a generated series (not through the services: a million
 *    events through them would take an hour and measure the writes, not the reads);
 * 2. fills the links' counts from those events with the plugin's own recount (the statement that
 *    backfills a database upgraded with events already stored), timed;
 * 3. p50/p95 of GET /client-gallery/dashboard, and of a gallery's and a client's counts, over HTTP
 *    with an admin's JWT, with the SQL statements per request and the longest event-loop stall;
 * 4. the brute-force count of the same data (one GROUP BY over every event) for comparison, and
 *    a check: each sampled link's counts as the endpoint answers them equal a count of its events
 *    loaded one by one, and the counters' totals equal the brute-force totals.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const DATABASE = args.includes('--postgres') ? 'postgres' : 'sqlite';
const EVENTS = option('events', 1_000_000);
const LINKS = Math.max(4, Math.floor(option('links', 10_000) / 4) * 4);
const SAMPLES = option('samples', 100);
const GALLERIES = LINKS / 4;
const CLIENTS = Math.min(2000, GALLERIES);
/** Events start a year ago and come every few seconds: the views of a link fall on many days. */
const BASE_MS = Date.UTC(2025, 11, 1);
const STEP_MS = Math.floor((365 * 86_400_000) / EVENTS);
const TODAY = new Date().toISOString().slice(0, 10);
const TOMORROW = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** A request on its own connection: a kept-alive socket the server closed while the bench was busy elsewhere would fail. */
const get = (url: string, headers: Record<string, string>) => fetch(url, { headers: { ...headers, Connection: 'close' } });

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const ms = (value: number) => Number(value.toFixed(1));

type Knex = Core.Strapi['db']['connection'];

/** INSERT … SELECT over 1..n, in each dialect's way of counting. */
async function insertSeries(knex: Knex, pg: boolean, table: string, columns: Record<string, string>, n: number) {
  const names = Object.keys(columns).join(', ');
  const values = Object.values(columns).join(', ');
  const sql = pg
    ? `INSERT INTO ${table} (${names}) SELECT ${values} FROM generate_series(1, ${n}) AS s(i)`
    : `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${n}) INSERT INTO ${table} (${names}) SELECT ${values} FROM s`;
  await knex.raw(sql);
}

async function seed(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const pg = strapi.db.dialect.client === 'postgres';
  const time = (msExpr: string) => (pg ? `(to_timestamp((${BASE_MS} + (${msExpr})) / 1000.0) AT TIME ZONE 'UTC')` : `(${BASE_MS} + (${msExpr}))`);
  const json = (text: string) => (pg ? `CAST(${text} AS jsonb)` : text);
  const link = '(((i - 1) % ' + LINKS + ') + 1)';
  const galleryOfLink = (linkExpr: string) => `(((${linkExpr}) - 1) / 4 + 1)`;
  const clientOfGallery = (galleryExpr: string) => `(((${galleryExpr}) - 1) % ${CLIENTS} + 1)`;
  const now = time('0');
  const steps: Array<[string, () => Promise<void>]> = [
    ['clients', () => insertSeries(knex, pg, 'clients', { id: 'i', document_id: "'c' || i", name: "'Client ' || i", created_at: now, updated_at: now }, CLIENTS)],
    [
      'galleries',
      () =>
        insertSeries(
          knex,
          pg,
          'galleries',
          {
            id: 'i',
            document_id: "'g' || i",
            title: "'Gallery ' || i",
            // One gallery in fifty is proofing and due tomorrow (the dashboard's deadline rows); the rest are ready.
            stage: "CASE WHEN i % 50 = 0 THEN 'proofing' ELSE 'ready' END",
            deadline: `CASE WHEN i % 50 = 0 THEN ${pg ? `CAST('${TOMORROW}' AS DATE)` : `'${TOMORROW}'`} ELSE NULL END`,
            created_at: now,
            updated_at: now,
          },
          GALLERIES,
        ),
    ],
    ['gallery clients', () => insertSeries(knex, pg, 'galleries_client_lnk', { gallery_id: 'i', client_id: clientOfGallery('i'), gallery_ord: '1' }, GALLERIES)],
    [
      'links',
      () =>
        insertSeries(
          knex,
          pg,
          'share_links',
          {
            id: 'i',
            document_id: "'l' || i",
            kind: "CASE WHEN i % 4 = 1 THEN 'general' ELSE 'private' END",
            recipient_email: "CASE WHEN i % 4 = 1 THEN NULL ELSE 'r' || i || '@bench.test' END",
            downloads_enabled: pg ? 'true' : '1',
            // One link in ten has a limit of 20; half of those used it up.
            download_limit: 'CASE WHEN i % 10 = 0 THEN 20 ELSE NULL END',
            downloads_used: 'CASE WHEN i % 20 = 0 THEN 20 ELSE 5 END',
            created_at: now,
            updated_at: now,
          },
          LINKS,
        ),
    ],
    ['link galleries', () => insertSeries(knex, pg, 'share_links_gallery_lnk', { share_link_id: 'i', gallery_id: galleryOfLink('i'), share_link_ord: '1' }, LINKS)],
    [
      'events',
      () =>
        insertSeries(
          knex,
          pg,
          'activity_events',
          {
            id: 'i',
            document_id: "'e' || i",
            type: `CASE WHEN i % 100 < 40 THEN 'view' WHEN i % 100 < 65 THEN 'favourite' WHEN i % 100 < 80 THEN 'download'
                   WHEN i % 100 < 85 THEN 'package' WHEN i % 100 < 90 THEN 'comment' WHEN i % 100 < 92 THEN 'selection-confirmed' ELSE 'invitation-sent' END`,
            details: `CASE WHEN i % 100 >= 80 AND i % 100 < 85 THEN ${json(`CASE WHEN i % 2 = 0 THEN '{"resolution":"web","imageCount":3}' ELSE '{"state":"requested","resolution":"web"}' END`)} ELSE NULL END`,
            created_at: time(`CAST(i AS BIGINT) * ${STEP_MS}`),
            updated_at: time(`CAST(i AS BIGINT) * ${STEP_MS}`),
          },
          EVENTS,
        ),
    ],
    ['event links', () => insertSeries(knex, pg, 'activity_events_link_lnk', { activity_event_id: 'i', share_link_id: link }, EVENTS)],
    ['event galleries', () => insertSeries(knex, pg, 'activity_events_gallery_lnk', { activity_event_id: 'i', gallery_id: galleryOfLink(link) }, EVENTS)],
    ['event clients', () => insertSeries(knex, pg, 'activity_events_client_lnk', { activity_event_id: 'i', client_id: clientOfGallery(galleryOfLink(link)) }, EVENTS)],
    [
      'comments',
      () =>
        insertSeries(
          knex,
          pg,
          'comments',
          { id: 'i', document_id: "'m' || i", body: "'Comment ' || i", author: "CASE WHEN i % 3 = 0 THEN 'studio' ELSE 'client' END", created_at: time(`i * 1000`), updated_at: now },
          Math.max(10, EVENTS / 50),
        ),
    ],
    ['comment links', () => insertSeries(knex, pg, 'comments_link_lnk', { comment_id: 'i', share_link_id: `((i / 3) % ${LINKS} + 1)` }, Math.max(10, EVENTS / 50))],
    [
      'mails',
      () =>
        insertSeries(
          knex,
          pg,
          'outbox_mails',
          {
            id: 'i',
            document_id: "'o' || i",
            kind: "'milestone'",
            recipient: "'studio@bench.test'",
            subject: "'Mail ' || i",
            status: "CASE WHEN i % 100 = 0 THEN 'failed' ELSE 'sent' END",
            attempts: '1',
            created_at: now,
            updated_at: now,
          },
          Math.max(10, EVENTS / 100),
        ),
    ],
    [
      'packages',
      () =>
        insertSeries(
          knex,
          pg,
          'download_packages',
          { id: 'i', document_id: "'p' || i", resolution: "'web'", status: "CASE WHEN i % 100 = 0 THEN 'failed' ELSE 'ready' END", image_count: '3', created_at: now, updated_at: now },
          Math.max(10, EVENTS / 100),
        ),
    ],
    ['package links', () => insertSeries(knex, pg, 'download_packages_link_lnk', { download_package_id: 'i', share_link_id: `(i % ${LINKS} + 1)` }, Math.max(10, EVENTS / 100))],
  ];
  const took: Record<string, number> = {};
  for (const [name, step] of steps) {
    const started = performance.now();
    await step();
    took[name] = ms(performance.now() - started);
  }
  if (pg) {
    // Sequences past the seeded ids (the bench's own admin and any later write), and fresh planner statistics.
    for (const table of ['clients', 'galleries', 'share_links', 'activity_events', 'comments', 'outbox_mails', 'download_packages']) {
      await knex.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table}))`);
    }
    await knex.raw('ANALYZE');
  }
  return took;
}

async function adminToken(strapi: Core.Strapi, base: string) {
  const roles = strapi.service('admin::role');
  await roles.createRolesIfNoneExist();
  const superAdmin = await roles.getSuperAdmin();
  const email = 'bench-owner@studio.test';
  const password = 'Bench-Passw0rd!';
  await strapi.service('admin::user').create({ email, firstname: 'Bench', lastname: 'Owner', password, isActive: true, roles: [superAdmin.id] });
  const response = await fetch(`${base}/admin/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return ((await response.json()) as any).data.token as string;
}

async function latency(strapi: Core.Strapi, url: string, headers: Record<string, string>) {
  await (await get(url, headers)).arrayBuffer();
  let statements = 0;
  const startedAt = new Map<string, number>();
  const slowest = new Map<string, number>();
  const count = (query: { __knexQueryUid: string }) => {
    statements += 1;
    startedAt.set(query.__knexQueryUid, performance.now());
  };
  const done = (_response: unknown, query: { __knexQueryUid: string; sql: string }) => {
    const took = performance.now() - (startedAt.get(query.__knexQueryUid) ?? performance.now());
    const sql = query.sql.replace(/\s+/g, ' ').slice(0, 100);
    slowest.set(sql, Math.max(slowest.get(sql) ?? 0, took));
  };
  strapi.db.connection.client.on('query-response', done);
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const values: number[] = [];
  strapi.db.connection.client.on('query', count);
  histogram.enable();
  try {
    for (let i = 0; i < SAMPLES; i++) {
      const started = performance.now();
      const response = await get(url, headers);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      values.push(performance.now() - started);
    }
  } finally {
    histogram.disable();
    strapi.db.connection.client.removeListener('query', count);
    strapi.db.connection.client.removeListener('query-response', done);
  }
  if (args.includes('--explain')) for (const [sql, took] of [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 4)) log(`    ${took.toFixed(1)} ms  ${sql}`);
  return { p50: ms(percentile(values, 50)), p95: ms(percentile(values, 95)), statementsPerRequest: statements / SAMPLES, longestStallMs: ms(histogram.max / 1e6) };
}

/** The service alone, in process: the dashboard's own cost without HTTP and admin authentication. */
async function serviceLatency(work: () => Promise<unknown>) {
  await work();
  const values: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await work();
    values.push(performance.now() - started);
  }
  return { p50: ms(percentile(values, 50)), p95: ms(percentile(values, 95)) };
}

/** Each statement of one dashboard answer, run again with the database's own timing (EXPLAIN ANALYZE / SQLite's plan). */
async function explainDashboard(strapi: Core.Strapi) {
  const captured: Array<{ sql: string; bindings: unknown[] }> = [];
  const capture = (query: { sql: string; bindings: unknown[] }) => void captured.push({ sql: query.sql, bindings: query.bindings ?? [] });
  strapi.db.connection.client.on('query', capture);
  try {
    await strapi.plugin('client-gallery').service('dashboard').overview();
  } finally {
    strapi.db.connection.client.removeListener('query', capture);
  }
  const pg = strapi.db.dialect.client === 'postgres';
  for (const { sql, bindings } of captured) {
    const started = performance.now();
    const result = await strapi.db.connection.raw(`${pg ? 'EXPLAIN ANALYZE' : 'EXPLAIN QUERY PLAN'} ${pg ? sql.replace(/\$\d+/g, '?') : sql}`, bindings as any);
    const took = performance.now() - started;
    const lines: string[] = pg ? result.rows.map((row: any) => row['QUERY PLAN']) : result.map((row: any) => row.detail);
    log(`  ${took.toFixed(1)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 80)}`);
    for (const line of lines.slice(0, pg ? 40 : 12)) log(`      ${line}`);
  }
}

/** One link's counts from its events, loaded one by one: written here apart from the plugin's rules, as a check of them. */
async function linkByHand(strapi: Core.Strapi, linkId: number) {
  const rows: Array<{ type: string; details: unknown; created_at: unknown }> = await strapi.db
    .connection('activity_events as e')
    .join('activity_events_link_lnk as l', 'l.activity_event_id', 'e.id')
    .where('l.share_link_id', linkId)
    .select('e.type', 'e.details', 'e.created_at');
  const days = new Set<string>();
  const counts = { views: 0, favourites: 0, selections: 0, downloads: 0, packages: 0, comments: 0 };
  for (const row of rows) {
    const details = typeof row.details === 'string' ? JSON.parse(row.details) : row.details;
    if (row.type === 'view') days.add(new Date(row.created_at instanceof Date ? row.created_at : Number(row.created_at)).toISOString().slice(0, 10));
    else if (row.type === 'favourite') counts.favourites += 1;
    else if (row.type === 'selection-confirmed') counts.selections += 1;
    else if (row.type === 'download') counts.downloads += 1;
    else if (row.type === 'package' && !details?.state) counts.packages += 1;
    else if (row.type === 'comment') counts.comments += 1;
  }
  return { ...counts, views: days.size };
}

async function main() {
  log(`bench:dashboard on ${DATABASE}: ${EVENTS} events, ${LINKS} links, ${GALLERIES} galleries, ${CLIENTS} clients, ${SAMPLES} samples per figure`);
  const bench = await bootBench('dashboard', DATABASE);
  const { strapi } = bench;
  try {
    const base = `http://127.0.0.1:${bench.port}`;
    const token = await adminToken(strapi, base);
    const headers = { Authorization: `Bearer ${token}` };
    const seedStarted = performance.now();
    const seedSteps = await seed(strapi);
    const seedMs = ms(performance.now() - seedStarted);
    log(`  seeded in ${(seedMs / 1000).toFixed(1)} s`);
    let started = performance.now();
    await strapi.plugin('client-gallery').service('link-stats').recountAll();
    const recountMs = ms(performance.now() - started);
    log(`  counts made from the events (the backfill) in ${(recountMs / 1000).toFixed(1)} s`);

    // The floor: Strapi's own cheapest admin route, through the same admin authentication.
    const adminFloor = await latency(strapi, `${base}/admin/users/me`, headers);
    const dashboard = await latency(strapi, `${base}/client-gallery/dashboard`, headers);
    const galleryCounts = await latency(strapi, `${base}/client-gallery/galleries/g${GALLERIES}/counts`, headers);
    const clientCounts = await latency(strapi, `${base}/client-gallery/clients/c1/counts`, headers);
    const dashboardService = await serviceLatency(() => strapi.plugin('client-gallery').service('dashboard').overview());

    if (args.includes('--explain')) await explainDashboard(strapi);

    // The brute-force count: every link's counts by one GROUP BY over every event, as a dashboard without counters would.
    const pg = strapi.db.dialect.client === 'postgres';
    const day = pg ? 'CAST(e.created_at AS DATE)' : 'CAST(e.created_at / 86400000 AS INTEGER)';
    const state = pg ? "e.details->>'state'" : "json_extract(e.details, '$.state')";
    const bruteSql = `SELECT COUNT(*) AS links, SUM(views) AS views, SUM(favourites) AS favourites, SUM(packages) AS packages FROM (
      SELECT l.share_link_id, COUNT(DISTINCT CASE WHEN e.type = 'view' THEN ${day} END) AS views,
        SUM(CASE WHEN e.type = 'favourite' THEN 1 ELSE 0 END) AS favourites,
        SUM(CASE WHEN e.type = 'package' AND ${state} IS NULL THEN 1 ELSE 0 END) AS packages
      FROM activity_events e JOIN activity_events_link_lnk l ON l.activity_event_id = e.id GROUP BY l.share_link_id) t`;
    const bruteTimes: number[] = [];
    let brute: any;
    for (let i = 0; i < 3; i++) {
      started = performance.now();
      const result = await strapi.db.connection.raw(bruteSql);
      bruteTimes.push(performance.now() - started);
      brute = pg ? result.rows[0] : result[0];
    }
    const [kept] = await strapi.db.connection('link_stats').select(
      strapi.db.connection.raw('COUNT(*) AS links, SUM(views) AS views, SUM(favourites) AS favourites, SUM(packages) AS packages'),
    );
    const totalsEqual = ['links', 'views', 'favourites', 'packages'].every((key) => Number(brute[key]) === Number((kept as any)[key]));

    // Sampled links: the counts endpoint against a count of the link's events by hand.
    let sampledEqual = 0;
    const sampled = [1, 2, LINKS / 2, LINKS - 1, LINKS].map((id) => Math.max(1, Math.floor(id)));
    for (const linkId of sampled) {
      const galleryId = Math.floor((linkId - 1) / 4) + 1;
      const answer = (await (await get(`${base}/client-gallery/galleries/g${galleryId}/counts`, headers)).json()) as any;
      const row = answer.data[0].links.find((link: any) => link.link.documentId === `l${linkId}`);
      const byHand = await linkByHand(strapi, linkId);
      if (Object.entries(byHand).every(([key, value]) => row[key] === value)) sampledEqual += 1;
      else log(`  MISMATCH link ${linkId}: endpoint ${JSON.stringify(row)} by hand ${JSON.stringify(byHand)}`);
    }
    if (!totalsEqual || sampledEqual !== sampled.length) throw new Error(`counts differ from the brute-force count: totals ${JSON.stringify({ brute, kept })}`);

    const results = {
      seedMs,
      seedSteps,
      recountMs,
      adminFloor,
      dashboard,
      dashboardService,
      galleryCounts,
      clientCounts,
      bruteForceMs: ms(percentile(bruteTimes, 50)),
      checkedLinks: sampledEqual,
      totals: { links: Number((kept as any).links), views: Number((kept as any).views) },
    };
    log(`\n${DATABASE}, ${EVENTS} events, ${LINKS} links:`);
    log(`  GET /admin/users/me       p50 ${adminFloor.p50} ms, p95 ${adminFloor.p95} ms (Strapi's own admin floor)`);
    log(`  dashboard                 p50 ${dashboard.p50} ms, p95 ${dashboard.p95} ms, ${dashboard.statementsPerRequest} statements, longest stall ${dashboard.longestStallMs} ms`);
    log(`  dashboard (service only) p50 ${dashboardService.p50} ms, p95 ${dashboardService.p95} ms`);
    log(`  a gallery's counts        p50 ${galleryCounts.p50} ms, p95 ${galleryCounts.p95} ms, ${galleryCounts.statementsPerRequest} statements`);
    log(`  a client's counts         p50 ${clientCounts.p50} ms, p95 ${clientCounts.p95} ms, ${clientCounts.statementsPerRequest} statements`);
    log(`  brute-force count         ${results.bruteForceMs} ms (one GROUP BY over every event); counters equal it: totals and ${sampledEqual} sampled links`);
    log(JSON.stringify({ database: DATABASE, events: EVENTS, links: LINKS, today: TODAY, results }));
  } finally {
    await bench.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

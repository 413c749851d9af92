import fs from 'fs';
import path from 'path';
import { createHook } from 'async_hooks';
import { once } from 'events';
import { monitorEventLoopDelay, PerformanceObserver } from 'perf_hooks';
import { Worker } from 'worker_threads';
import sharp from 'sharp';
import type { Core } from '@strapi/strapi';
import { appDir, bootBench, log } from './harness';

/**
 * bench:listing: big galleries. One command, SQLite by default, `--postgres` for PostgreSQL:
 *
 *   npm run bench:listing [-- --postgres] [--photos 10000] [--seconds 30]
 *
 * 1. ingests `photos` small distinct JPEGs into one client through the real ingest (cached on disk);
 * 2. at 1k and at the full count: makes and publishes a gallery of all the client's photos and edits
 *    its title, timing each and the longest event-loop stall during each;
 * 3. p50/p95/p99 of the first, middle and last pages (limit 100) of the public listing and the
 *    admin Photos tab, against Strapi's own REST `find` of the same rows (`/api/gallery-images`,
 *    sorted by date, page size 100), in the same run;
 * 4. SQL statements per request at limit 10 and 100;
 * 5. 20 concurrent visitors (in a worker thread) paging the public listing for `seconds`, against the
 *    REST peer, with the server's longest event-loop stall and garbage-collection pause meanwhile.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const DATABASE = args.includes('--postgres') ? 'postgres' : 'sqlite';
const PHOTOS = option('photos', 10_000);
const SECONDS = option('seconds', 30);
const SAMPLES = option('samples', 25);
const SCALES = [1000, PHOTOS].filter((scale, i, all) => scale <= PHOTOS && all.indexOf(scale) === i);

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const ms = (value: number) => `${value.toFixed(1)} ms`;

async function smallPhotos(count: number): Promise<string[]> {
  const dir = path.join(appDir, '.tmp', 'bench-photos-small');
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `small-${String(i + 1).padStart(5, '0')}.jpg`);
    if (!fs.existsSync(file)) {
      const hue = (i * 37) % 360;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="100%" height="100%" fill="hsl(${hue},45%,55%)"/>
        <circle cx="${(i * 13) % 320}" cy="${(i * 29) % 240}" r="${20 + (i % 60)}" fill="hsl(${(hue + 150) % 360},60%,35%)"/><text x="10" y="230" font-size="18">${i + 1}</text></svg>`;
      fs.writeFileSync(file, await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer());
    }
    files.push(file);
  }
  return files;
}

/** Run `work` while sampling the event loop; returns its duration and the longest stall. */
async function timed(work: () => Promise<unknown>) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const started = performance.now();
  await work();
  const took = performance.now() - started;
  histogram.disable();
  return { took, stall: histogram.max / 1e6 };
}

async function latency(url: string, headers: Record<string, string>, samples = SAMPLES) {
  // One unmeasured request first, for ours and the peer alike: with 25 samples the p95 is the
  // second-worst, and a cold first request (statement cache, page cache) would stand for it.
  await (await fetch(url, { headers })).arrayBuffer();
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    values.push(performance.now() - started);
  }
  return { p50: percentile(values, 50), p95: percentile(values, 95), p99: percentile(values, 99) };
}

async function statements(strapi: Core.Strapi, url: string, headers: Record<string, string>) {
  await (await fetch(url, { headers })).arrayBuffer();
  let count = 0;
  const listen = () => void (count += 1);
  strapi.db.connection.client.on('query', listen);
  try {
    await (await fetch(url, { headers })).arrayBuffer();
  } finally {
    strapi.db.connection.client.removeListener('query', listen);
  }
  return count;
}

/**
 * Where one request's database time goes: each statement's duration (median of `runs` requests,
 * statements matched by position) and its first words. A page whose cost grows with the gallery
 * shows which statement grows.
 */
async function statementTimes(strapi: Core.Strapi, url: string, headers: Record<string, string>, runs = 7) {
  await (await fetch(url, { headers })).arrayBuffer();
  const perRun: { sql: string; ms: number }[][] = [];
  const started = new Map<string, number>();
  let current: { sql: string; ms: number }[] = [];
  const onQuery = (query: { __knexQueryUid: string }) => started.set(query.__knexQueryUid, performance.now());
  const onDone = (_response: unknown, query: { __knexQueryUid: string; sql: string }) => {
    current.push({ sql: query.sql, ms: performance.now() - (started.get(query.__knexQueryUid) ?? performance.now()) });
    started.delete(query.__knexQueryUid);
  };
  const connection = strapi.db.connection;
  connection.on('query', onQuery).on('query-response', onDone);
  try {
    for (let i = 0; i < runs; i++) {
      current = [];
      await (await fetch(url, { headers })).arrayBuffer();
      perRun.push(current);
    }
  } finally {
    connection.off('query', onQuery).off('query-response', onDone);
  }
  const count = Math.min(...perRun.map((run) => run.length));
  return Array.from({ length: count }, (_, i) => ({
    sql: perRun[0][i].sql.replace(/\s+/g, ' ').slice(0, 90),
    ms: percentile(perRun.map((run) => run[i].ms), 50),
  }));
}

/** The cursors (or page numbers) of the first, middle and last pages of 100. */
async function publicPages(base: string, token: string): Promise<string[]> {
  const urls: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${base}/api/share/${token}/images?limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    urls.push(url);
    cursor = ((await (await fetch(url)).json()) as any).meta.nextCursor;
  } while (cursor);
  return [urls[0], urls[Math.floor(urls.length / 2)], urls[urls.length - 1]];
}

async function adminPages(base: string, clientId: string, headers: Record<string, string>): Promise<string[]> {
  const urls: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${base}/client-gallery/clients/${clientId}/images?limit=100${cursor ? `&cursor=${cursor}` : ''}`;
    urls.push(url);
    cursor = ((await (await fetch(url, { headers })).json()) as any).nextCursor;
  } while (cursor);
  return [urls[0], urls[Math.floor(urls.length / 2)], urls[urls.length - 1]];
}

/**
 * 20 visitors paging `urls` for `seconds`. They run in a worker thread: real visitors are not in the
 * server's process, and clients parsing responses on the server's own event loop would be counted
 * as the server's stalls.
 */
const VISITORS_WORKER = `
const { parentPort, workerData: { urls, headers, seconds, concurrency } } = require('worker_threads');
(async () => {
  const until = performance.now() + seconds * 1000;
  const values = [];
  let errors = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    for (let i = worker; performance.now() < until; i++) {
      const started = performance.now();
      const response = await fetch(urls[i % urls.length], { headers });
      await response.arrayBuffer();
      if (!response.ok) errors += 1;
      values.push(performance.now() - started);
    }
  }));
  parentPort.postMessage({ values, errors });
})();
`;

async function visitors(urls: string[], headers: Record<string, string>, seconds: number, concurrency = 20) {
  const worker = new Worker(VISITORS_WORKER, { eval: true, workerData: { urls, headers, seconds, concurrency } });
  const [{ values, errors }] = (await once(worker, 'message')) as [{ values: number[]; errors: number }];
  await worker.terminate();
  return { rps: values.length / seconds, p99: percentile(values, 99), errors };
}

/**
 * What could hold the event loop while `work` runs: the longest garbage-collection pause, and the
 * slowest SQL statement (with better-sqlite3 a statement runs synchronously on the loop).
 */
async function withLoopSuspects<T>(strapi: Core.Strapi, work: () => Promise<T>) {
  let longestGc = 0;
  let gcOver50 = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longestGc = Math.max(longestGc, entry.duration);
      if (entry.duration > 50) gcOver50 += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const started = new Map<string, number>();
  let slowest = { ms: 0, sql: '' };
  const onQuery = (query: { __knexQueryUid: string }) => started.set(query.__knexQueryUid, performance.now());
  const onDone = (_response: unknown, query: { __knexQueryUid: string; sql: string }) => {
    const took = performance.now() - (started.get(query.__knexQueryUid) ?? performance.now());
    started.delete(query.__knexQueryUid);
    if (took > slowest.ms) slowest = { ms: took, sql: query.sql.slice(0, 160) };
  };
  const connection = strapi.db.connection;
  connection.on('query', onQuery).on('query-response', onDone);
  // The longest single task: from a callback's start to its end (its microtasks are tasks of
  // their own). Under 20 saturating visitors a timer's delay also counts every other request's
  // tasks queued before it; this is what one request holds the loop for.
  let depth = 0;
  let taskStarted = 0;
  let longestTask = { ms: 0, type: '' };
  const types = new Map<number, string>();
  const hook = createHook({
    init: (asyncId, type) => types.set(asyncId, type),
    before: () => {
      if (depth++ === 0) taskStarted = performance.now();
    },
    after: (asyncId) => {
      // The task that enables the hook ends without a `before`: keep the count from going negative.
      if (depth === 0) return;
      if (--depth === 0) {
        const took = performance.now() - taskStarted;
        if (took > longestTask.ms) longestTask = { ms: took, type: types.get(asyncId) ?? '?' };
      }
    },
    destroy: (asyncId) => types.delete(asyncId),
  });
  hook.enable();
  try {
    return { result: await work(), longestGc, gcOver50, slowest, longestTask };
  } finally {
    hook.disable();
    observer.disconnect();
    connection.off('query', onQuery).off('query-response', onDone);
  }
}

async function main() {
  log(`bench:listing on ${DATABASE}: ${PHOTOS} photos, scales ${SCALES.join(', ')}, ${SAMPLES} samples per figure, visitors for ${SECONDS} s`);
  const files = await smallPhotos(PHOTOS);
  const bench = await bootBench('listing', DATABASE);
  const { strapi } = bench;
  const base = `http://127.0.0.1:${bench.port}`;
  try {
    const tokens = strapi.service('admin::api-token');
    const apiToken = (await tokens.create({ name: 'bench', type: 'full-access', lifespan: null })).accessKey as string;
    const rest = { Authorization: `Bearer ${apiToken}` };
    const roles = strapi.service('admin::role');
    await roles.createRolesIfNoneExist();
    const superAdmin = await roles.getSuperAdmin();
    await strapi.service('admin::user').create({ email: 'bench@studio.test', firstname: 'B', lastname: 'B', password: 'Bench-Passw0rd!', isActive: true, roles: [superAdmin.id] });
    const login = (await (await fetch(`${base}/admin/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'bench@studio.test', password: 'Bench-Passw0rd!' }) })).json()) as any;
    const staff = { Authorization: `Bearer ${login.data.token}` };

    const client = await strapi.documents('plugin::client-gallery.client').create({ data: { name: 'Bench Bigwedding' } as any });
    const ingest = strapi.plugin('client-gallery').service('ingest');
    const imageIds: string[] = [];
    const results: Record<number, Record<string, string>> = {};
    let ingestStarted = performance.now();
    for (const scale of SCALES) {
      while (imageIds.length < scale) {
        const file = files[imageIds.length];
        const { results: made } = await ingest.ingest({ clientDocumentId: client.documentId, files: [{ filepath: file, originalFilename: path.basename(file), mimetype: 'image/jpeg', size: fs.statSync(file).size }] });
        imageIds.push(made[0].image?.documentId ?? made[0].existing);
        if (imageIds.length % 1000 === 0) log(`  ingested ${imageIds.length} (${(1000 / ((performance.now() - ingestStarted) / 1000)).toFixed(0)} photos/s)`), (ingestStarted = performance.now());
      }
      const row: Record<string, string> = {};
      let documentId = '';
      const create = await timed(async () => {
        documentId = (await strapi.documents('plugin::client-gallery.gallery').create({ data: { title: `Gallery of ${scale}`, client: client.documentId, stage: 'ready', images: imageIds } as any })).documentId;
      });
      const publish = await timed(() => strapi.documents('plugin::client-gallery.gallery').publish({ documentId }));
      const edit = await timed(async () => {
        await strapi.documents('plugin::client-gallery.gallery').update({ documentId, data: { title: `Gallery of ${scale}, edited` } as any });
        await strapi.documents('plugin::client-gallery.gallery').publish({ documentId });
      });
      row.create = `${ms(create.took)} (stall ${ms(create.stall)})`;
      row.publish = `${ms(publish.took)} (stall ${ms(publish.stall)})`;
      row['title edit'] = `${ms(edit.took)} (stall ${ms(edit.stall)})`;

      const { token } = await strapi.plugin('client-gallery').service('share-link').createLink(documentId, { kind: 'private', recipientEmail: `bench-${scale}@client.test` });
      const pages = { public: await publicPages(base, token), admin: await adminPages(base, client.documentId, staff) };
      const restPages = [1, Math.ceil(scale / 200), Math.ceil(scale / 100)].map((page) => `${base}/api/gallery-images?sort=takenAt:desc&pagination[page]=${page}&pagination[pageSize]=100`);
      for (const [name, urls, headers] of [['public', pages.public, {}], ['admin', pages.admin, staff], ['REST peer', restPages, rest]] as const) {
        for (const [i, where] of ['first', 'middle', 'last'].entries()) {
          const figure = await latency(urls[i], headers as Record<string, string>);
          row[`${name} ${where} p50/p95/p99`] = `${ms(figure.p50)} / ${ms(figure.p95)} / ${ms(figure.p99)}`;
        }
      }
      for (const [name, url, headers] of [['public', pages.public[0], {}], ['admin', pages.admin[0], staff]] as const) {
        const times = await statementTimes(strapi, url, headers as Record<string, string>);
        row[`SQL time, ${name} first page`] = `${ms(times.reduce((sum, t) => sum + t.ms, 0))} in ${times.length}: ${times.map((t) => `${t.ms.toFixed(1)}`).join(' + ')}`;
        times.forEach((t, i) => (row[`  ${name} statement ${i + 1}`] = `${ms(t.ms)}  ${t.sql}`));
      }
      for (const limit of [10, 100]) {
        row[`SQL public, limit ${limit}`] = String(await statements(strapi, `${base}/api/share/${token}/images?limit=${limit}`, {}));
        row[`SQL admin, limit ${limit}`] = String(await statements(strapi, `${base}/client-gallery/clients/${client.documentId}/images?limit=${limit}`, staff));
      }
      if (scale === SCALES[SCALES.length - 1]) {
        const histogram = monitorEventLoopDelay({ resolution: 10 });
        histogram.enable();
        const ours = await visitors(pages.public, {}, SECONDS);
        histogram.disable();
        const peer = await visitors(restPages, rest, SECONDS);
        // A second, shorter pass with the diagnostics on (async hooks slow every task a little).
        const suspects = await withLoopSuspects(strapi, () => visitors(pages.public, {}, Math.min(SECONDS, 10)));
        row['20 visitors, public'] = `${ours.rps.toFixed(1)} req/s, p99 ${ms(ours.p99)}, ${ours.errors} errors`;
        row['event loop under 20 visitors'] = `timer delay max ${ms(histogram.max / 1e6)}, p99 ${ms(histogram.percentile(99) / 1e6)}`;
        row['longest single task (2nd pass)'] =
          `${ms(suspects.longestTask.ms)} (${suspects.longestTask.type}); longest GC pause ${ms(suspects.longestGc)}, ${suspects.gcOver50} over 50 ms; slowest SQL ${ms(suspects.slowest.ms)}: ${suspects.slowest.sql}`;
        row['20 visitors, REST peer'] = `${peer.rps.toFixed(1)} req/s, p99 ${ms(peer.p99)}, ${peer.errors} errors`;
        row['throughput ratio (public / peer)'] = `${(ours.rps / peer.rps).toFixed(2)}×`;
      }
      results[scale] = row;
      log(`\n${scale} photos (${DATABASE}):`);
      for (const [name, value] of Object.entries(row)) log(`  ${name.padEnd(34)} ${value}`);
    }
    log(JSON.stringify({ database: DATABASE, photos: PHOTOS, results }));
  } finally {
    await bench.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

import { spawn } from 'child_process';
import http from 'http';
import path from 'path';
import readline from 'readline';
import { appDir, bootBench, cloneImages, ingestFiles, log, median, readyGallery, type BenchStrapi } from './harness';
import { ensurePhotos } from './photos';

/**
 * bench:limits: 200 concurrent take requests (single downloads and 3-photo packages mixed) against
 * a download limit of 50, on SQLite, on PostgreSQL, and on PostgreSQL with two Strapi processes
 * sharing the database. Prints how many grants were made: anything but 50 is a bug.
 *
 *   npm run bench:limits -- [--runs 3] [--requests 200] [--limit 50]
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const RUNS = option('runs', 3);
const REQUESTS = option('requests', 200);
const LIMIT = option('limit', 50);

// A fresh connection per request: a refusal answers with `Connection: close`, and a kept-alive
// socket that the server closed between runs made the next request die with ECONNRESET.
const agent = new http.Agent({ keepAlive: false, maxSockets: REQUESTS });

function send(method: 'GET' | 'POST', url: string, body?: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const req = http.request(url, { method, agent, headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {} }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * A second server process on the same database: the tests' worker script, which boots on a `BOOT`
 * line with the environment it names, answers `READY <port>`, and exits when its stdin closes.
 */
async function secondProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(appDir, 'tests', 'helpers', 'strapi-worker.js')], { env: process.env, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    lines.on('line', (line) => {
      const ready = /^READY (\d+)$/.exec(line);
      if (ready) resolve(Number(ready[1]));
      // Stopped: closing its stdin lets it exit.
      if (line === 'STOPPED') child.stdin!.end();
    });
    child.once('exit', (code) => reject(new Error(`second process exited with ${code}`)));
    child.stdin!.write(`BOOT ${JSON.stringify({ ...process.env, ...env })}\n`);
  });
  return { port, stop: () => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.stdin!.write('STOP\n'); }) };
}

async function scenario(name: string, bench: BenchStrapi, photoIds: string[], gallery: string, ports: number[]) {
  const { strapi } = bench;
  const results: Array<{ granted: number; seconds: number; statuses: Record<number, number> }> = [];
  for (let run = 0; run < RUNS; run += 1) {
    const { token, link } = await strapi
      .service('plugin::client-gallery.share-link')
      .createLink(gallery, { kind: 'private', recipientEmail: `limits-${run}-${Date.now()}@client.test`, downloadsEnabled: true, downloadLimit: LIMIT, resolutions: ['web'], watermark: false });
    const started = process.hrtime.bigint();
    const statuses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) => {
        // Blocks of four alternate between processes, so both serve single downloads and packages.
        const base = `http://127.0.0.1:${ports[Math.floor(i / 4) % ports.length]}/api/share/${token}`;
        return i % 4 === 1 ? send('POST', `${base}/packages`, { resolution: 'web', imageIds: photoIds.slice(i, i + 3) }) : send('GET', `${base}/images/${photoIds[i]}/download?resolution=web`);
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await strapi.plugin('client-gallery').service('download-package').settled();
    const granted = await strapi.db.query('plugin::client-gallery.download-grant').count({ where: { link: { id: link.id }, state: 'granted' } });
    const histogram: Record<number, number> = {};
    for (const status of statuses) histogram[status] = (histogram[status] ?? 0) + 1;
    results.push({ granted, seconds, statuses: histogram });
  }
  const grantedAll = results.map((r) => r.granted);
  log(`${name.padEnd(34)} granted ${grantedAll.join(', ')} of limit ${LIMIT}   median ${median(results.map((r) => r.seconds)).toFixed(2)} s per ${REQUESTS} requests   statuses ${JSON.stringify(results[0].statuses)}`);
  return { name, granted: grantedAll, exact: grantedAll.every((g) => g === LIMIT), seconds: results.map((r) => Number(r.seconds.toFixed(3))) };
}

async function setUp(bench: BenchStrapi, photo: string) {
  const { client, ids } = await ingestFiles(bench.strapi, [photo], 'Bench Limits');
  await bench.strapi.plugin('client-gallery').service('derivatives').ensure(ids[0], 'web', {});
  const copies = await cloneImages(bench.strapi, ids[0], client.documentId, REQUESTS + 2);
  const gallery = await readyGallery(bench.strapi, client.documentId, copies, 'Bench limits');
  return { copies, gallery };
}

async function main() {
  log(`bench:limits — ${REQUESTS} concurrent requests (3/4 single downloads, 1/4 three-photo packages) against a limit of ${LIMIT}, ${RUNS} runs each`);
  const [photo] = await ensurePhotos(path.join(appDir, 'bench', 'out', 'photos'), 'a', 1, log);
  const report: Array<Awaited<ReturnType<typeof scenario>>> = [];

  const sqlite = await bootBench('limits-sqlite', 'sqlite');
  try {
    const { copies, gallery } = await setUp(sqlite, photo);
    report.push(await scenario('SQLite, one process', sqlite, copies, gallery, [sqlite.port]));
  } finally {
    await sqlite.stop();
  }

  const pg = await bootBench('limits-pg', 'postgres');
  try {
    const { copies, gallery } = await setUp(pg, photo);
    report.push(await scenario('PostgreSQL, one process', pg, copies, gallery, [pg.port]));
    const second = await secondProcess(pg.env);
    try {
      report.push(await scenario('PostgreSQL, two processes', pg, copies, gallery, [pg.port, second.port]));
    } finally {
      await second.stop();
    }
  } finally {
    await pg.stop();
  }
  agent.destroy();
  log(JSON.stringify({ requests: REQUESTS, limit: LIMIT, report }));
  if (!report.every((r) => r.exact)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

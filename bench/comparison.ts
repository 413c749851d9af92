import { execFile } from 'child_process';
import fs from 'fs';
import path from 'path';
import { promisify } from 'util';
import sharp from 'sharp';
import { appDir, benchEnv, log } from './harness';

/**
 * bench:comparison — the memory criterion: "a 4096-px comparison of two 24 MP photos keeps
 * the server's RSS growth under 300 MB".
 *
 * The API test (admin-photo-tools) measures it in a process that has just ingested the two photos,
 * so the allocator already holds their decode and the growth it sees is a floor. Here the server
 * that renders the comparison is fresh: one process makes the photos and ingests them, and a second
 * one, on the same database and uploads, is warmed with a small comparison of two small photos
 * (fonts, sharp, routes), then asked for the 4096-px comparison of the two 24 MP ones. Its growth is
 * its peak RSS (VmHWM, reset before the request) minus its RSS just before.
 *
 *   npm run bench:comparison -- [--runs 3] [--width 4096]
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const MB = 2 ** 20;
const LIMIT_MB = 300;

interface Prepared {
  email: string;
  password: string;
  big: string[];
  small: string[];
}

async function boot(workDir: string) {
  Object.assign(process.env, benchEnv(workDir), { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.relative(appDir, path.join(workDir, 'bench.db')) });
  const { createStrapi } = await import('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  strapi.server.mount();
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const address = strapi.server.httpServer.address();
  return { strapi, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

/** Phase 1 (its own process): two 24 MP camera-like JPEGs and two small ones, ingested; a Modify-capable admin. */
async function prepare(workDir: string) {
  const { strapi } = await boot(workDir);
  const client = await strapi.documents('plugin::client-gallery.client').create({ data: { name: 'Bench Comparison' } as any });
  const photo = (width: number, height: number, background: string) =>
    sharp({ create: { width, height, channels: 3, background, noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
      .jpeg({ quality: 90 })
      .toBuffer();
  const ingest = async (bytes: Buffer, name: string) => {
    const filepath = path.join(workDir, name);
    fs.writeFileSync(filepath, bytes);
    const { results } = await strapi
      .plugin('client-gallery')
      .service('ingest')
      .ingest({
        clientDocumentId: client.documentId,
        label: name.replace(/\.jpg$/, ''),
        files: [{ filepath, originalFilename: name, mimetype: 'image/jpeg', size: bytes.length }],
      });
    fs.rmSync(filepath);
    return results[0].image.documentId as string;
  };
  const big = [await ingest(await photo(6000, 4000, '#c03030'), 'before.jpg'), await ingest(await photo(6000, 4000, '#3030c0'), 'after.jpg')];
  const small = [await ingest(await photo(800, 600, '#30c030'), 'warm-1.jpg'), await ingest(await photo(800, 600, '#c0c030'), 'warm-2.jpg')];
  const roles = strapi.service('admin::role');
  await roles.createRolesIfNoneExist();
  const email = 'bench@studio.test';
  const password = 'Bench-Passw0rd!';
  await strapi
    .service('admin::user')
    .create({ email, firstname: 'Bench', lastname: 'Owner', password, isActive: true, roles: [(await roles.getSuperAdmin()).id] });
  await strapi.destroy();
  const prepared: Prepared = { email, password, big, small };
  process.stdout.write(`${JSON.stringify(prepared)}\n`);
}

const status = (field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;

/** Phase 2 (a fresh process per run): warm up, then one comparison of the two 24 MP photos. */
async function measure(workDir: string, prepared: Prepared, width: number) {
  const { strapi, base } = await boot(workDir);
  const login = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: prepared.email, password: prepared.password }),
  });
  const token = ((await login.json()) as { data: { token: string } }).data.token;
  const compare = async (imageIds: string[], size: number) => {
    const res = await fetch(`${base}/client-gallery/comparisons/download`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ imageIds, width: size }),
    });
    if (res.status !== 200) throw new Error(`comparison: ${res.status} ${await res.text()}`);
    return Buffer.from(await res.arrayBuffer());
  };
  await compare(prepared.small, 2048);
  await compare(prepared.small, 2048);
  (global as { gc?: () => void }).gc?.();
  const baseline = status('VmRSS');
  fs.writeFileSync('/proc/self/clear_refs', '5'); // VmHWM := VmRSS now
  let sampled = baseline;
  const sampler = setInterval(() => (sampled = Math.max(sampled, status('VmRSS'))), 5);
  const started = Date.now();
  const jpeg = await compare(prepared.big, width);
  const ms = Date.now() - started;
  clearInterval(sampler);
  const peak = Math.max(status('VmHWM'), sampled);
  const meta = await sharp(jpeg).metadata();
  await strapi.destroy();
  process.stdout.write(`${JSON.stringify({ baselineMb: baseline / MB, growthMb: (peak - baseline) / MB, ms, width: meta.width, height: meta.height })}\n`);
}

async function main() {
  const [phase, phaseDir, json] = args;
  if (phase === '--phase-prepare') return prepare(phaseDir);
  if (phase === '--phase-measure') return measure(phaseDir, JSON.parse(json), option('width', 4096));

  const runs = option('runs', 3);
  const width = option('width', 4096);
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  const workDir = fs.mkdtempSync(path.join(appDir, '.tmp', 'bench-comparison-'));
  const self = path.join(__dirname, 'comparison.js');
  const run = promisify(execFile);
  const node = (extra: string[]) =>
    run(process.execPath, ['--expose-gc', self, ...extra], { env: { ...process.env, MALLOC_ARENA_MAX: '2' }, maxBuffer: 16 * MB });
  const lastLine = (stdout: string) => stdout.trim().split('\n').pop()!;
  try {
    log(`bench:comparison: ${width}-px comparison of two 24 MP JPEGs (6000 × 4000), a fresh server per run, ${runs} runs`);
    const prepared = lastLine((await node(['--phase-prepare', workDir])).stdout);
    const results: { baselineMb: number; growthMb: number; ms: number; width: number; height: number }[] = [];
    for (let i = 0; i < runs; i += 1) {
      const result = JSON.parse(lastLine((await node(['--phase-measure', workDir, prepared, '--width', String(width)])).stdout));
      results.push(result);
      log(
        `  run ${i + 1}: RSS ${result.baselineMb.toFixed(0)} MB before, growth ${result.growthMb.toFixed(1)} MB, ${result.ms} ms, ${result.width} × ${result.height} JPEG`,
      );
    }
    const worst = Math.max(...results.map((r) => r.growthMb));
    log(`worst RSS growth ${worst.toFixed(1)} MB (limit ${LIMIT_MB} MB): ${worst < LIMIT_MB ? 'within' : 'OVER'}`);
    log(JSON.stringify({ width, runs: results, worstGrowthMb: worst }));
    if (worst >= LIMIT_MB) process.exitCode = 1;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

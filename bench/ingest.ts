import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import readline from 'readline';
import { appDir, benchEnv } from './harness';
import { ensurePhotos } from './photos';

/**
 * bench:ingest: our photo ingest (POST /api/gallery-images/ingest: one decode, thumb + preview and
 * their watermarked twins) against Strapi's media-library upload (POST /api/upload: optimise plus
 * thumbnail and three responsive formats), on the same machine, storage provider and photos.
 *
 *   npm run bench:ingest -- --count 20 [--concurrency 2]
 *
 * Each phase boots its own Strapi process (fresh SQLite, fresh private-local upload dir) and sends
 * one photo per request, `concurrency` requests in flight. Peak RSS is that process's VmHWM.
 */

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const COUNT = option('count', 20);
const CONCURRENCY = option('concurrency', 2);
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Server {
  child: ChildProcess;
  port: number;
  token: string;
  client: string;
  workDir: string;
}

async function startServer(label: string): Promise<Server> {
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  const workDir = fs.mkdtempSync(path.join(appDir, '.tmp', `bench-${label}-`));
  const child = spawn(process.execPath, [path.join(__dirname, 'server.js')], {
    cwd: appDir,
    env: {
      ...process.env,
      ...benchEnv(workDir),
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: path.relative(appDir, path.join(workDir, 'bench.db')),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on('line', (l) => l.startsWith('{') && resolve(l));
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, workDir, ...JSON.parse(line) };
}

async function stopServer(server: Server) {
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  fs.rmSync(server.workDir, { recursive: true, force: true });
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function runPhase(label: string, files: string[], send: (server: Server, file: string) => Promise<Response>) {
  const server = await startServer(label);
  try {
    // One untimed request first: Strapi's upload creates its "API Uploads" folder on the first
    // API upload and concurrent first uploads race on it (UNIQUE constraint, 500). Same for both.
    const [warmUp, ...timed] = files;
    const warm = await send(server, warmUp);
    if (warm.status >= 300) throw new Error(`${label}: warm-up answered ${warm.status}: ${(await warm.text()).slice(0, 300)}`);
    await warm.arrayBuffer();
    files = timed;
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const file = files[next++];
        const res = await send(server, file);
        if (res.status >= 300) throw new Error(`${label}: ${path.basename(file)} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;
    return { label, images: files.length, seconds, perSecond: files.length / seconds, peakRssMb: peakRssMb(server.child.pid!) };
  } finally {
    await stopServer(server);
  }
}

async function form(fields: Record<string, string>, file: string) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  // openAsBlob streams from disk: the bench client never holds the photos in memory either.
  body.append('files', await fs.openAsBlob(file, { type: 'image/jpeg' }), path.basename(file));
  return body;
}

async function main() {
  log(`bench:ingest — ${COUNT} photos of 24 MP per phase, ${CONCURRENCY} requests in flight, ${os.cpus().length} cores`);
  const photoDir = path.join(appDir, 'bench', 'out', 'photos');
  // Two distinct sets, so neither phase sees the other's files (our ingest would call them duplicates).
  const ours = await ensurePhotos(photoDir, 'a', COUNT + 1, log);
  const theirs = await ensurePhotos(photoDir, 'b', COUNT + 1, log);
  const mb = ours.reduce((sum, file) => sum + fs.statSync(file).size, 0) / COUNT / 1e6;
  log(`photos ready: average ${mb.toFixed(1)} MB`);

  const ingest = await runPhase('ingest', ours, async (server, file) =>
    fetch(`http://127.0.0.1:${server.port}/api/gallery-images/ingest`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}` },
      body: await form({ client: server.client }, file),
    }),
  );
  log(`our ingest:         ${ingest.perSecond.toFixed(2)} images/s (${ingest.seconds.toFixed(1)} s), peak RSS ${ingest.peakRssMb} MB`);

  const strapiUpload = await runPhase('upload', theirs, async (server, file) =>
    fetch(`http://127.0.0.1:${server.port}/api/upload`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: await form({}, file) }),
  );
  log(`Strapi /api/upload: ${strapiUpload.perSecond.toFixed(2)} images/s (${strapiUpload.seconds.toFixed(1)} s), peak RSS ${strapiUpload.peakRssMb} MB`);
  log(`ratio (ours / Strapi): ${(ingest.perSecond / strapiUpload.perSecond).toFixed(2)}×`);
  log(JSON.stringify({ count: COUNT, concurrency: CONCURRENCY, averageMb: Number(mb.toFixed(2)), ingest, strapiUpload, ratio: ingest.perSecond / strapiUpload.perSecond }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

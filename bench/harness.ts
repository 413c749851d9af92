import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';

/**
 * In-process Strapi for benchmarks that drive services directly and measure over loopback HTTP.
 * Fresh database (SQLite file, or a fresh PostgreSQL database) and a fresh upload dir per run.
 */
export const appDir = path.resolve(__dirname, '..', '..', '..');
export const log = (line: string) => process.stdout.write(`${line}\n`);

export interface BenchStrapi {
  strapi: Core.Strapi;
  port: number;
  env: Record<string, string>;
  workDir: string;
  stop(): Promise<void>;
}

/** The environment of a benchmark's Strapi: production mode, quiet, fixed secrets, a private upload dir in `workDir`. */
export function benchEnv(workDir: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    MALLOC_ARENA_MAX: '2',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_LOG_LEVEL: 'error',
    CRON_ENABLED: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    UPLOAD_PROVIDER: 'private-local',
    UPLOAD_DIR: path.join(workDir, 'uploads'),
    OUTBOX_DIR: path.join(workDir, 'outbox'),
    APP_KEYS: 'YmVuY2gx,YmVuY2gy',
    API_TOKEN_SALT: 'bench',
    ADMIN_JWT_SECRET: 'bench',
    TRANSFER_TOKEN_SALT: 'bench',
    JWT_SECRET: 'bench',
    ENCRYPTION_KEY: 'bench-encryption-key-0000000000',
    MEDIA_SIGNING_SECRET: 'bench',
  };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function bootBench(label: string, database: 'sqlite' | 'postgres' = 'sqlite'): Promise<BenchStrapi> {
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  const workDir = fs.mkdtempSync(path.join(appDir, '.tmp', `bench-${label}-`));
  let dropDatabase = async () => undefined as void;
  const dbEnv: Record<string, string> = { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.relative(appDir, path.join(workDir, 'bench.db')) };
  if (database === 'postgres') {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { Client } = require('pg') as { Client: new (options: { connectionString: string }) => { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> } };
    const admin = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `cg_bench_${label.replace(/\W/g, '_')}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
    const run = async (sql: string) => {
      const client = new Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    await run(`CREATE DATABASE "${name}"`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    Object.assign(dbEnv, { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() });
    dropDatabase = () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  const env: Record<string, string> = { ...benchEnv(workDir), ...dbEnv };
  Object.assign(process.env, env);
  const { createStrapi } = await import('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  strapi.server.mount();
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const address = strapi.server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    strapi,
    port,
    env,
    workDir,
    async stop() {
      await strapi.destroy();
      await dropDatabase();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Ingest photo files into a new client through the real ingest service; returns image document ids. */
export async function ingestFiles(strapi: Core.Strapi, files: string[], clientName: string) {
  const client = await strapi.documents('plugin::client-gallery.client').create({ data: { name: clientName } as any });
  const ids: string[] = [];
  for (const filepath of files) {
    const { results } = await strapi.plugin('client-gallery').service('ingest').ingest({
      clientDocumentId: client.documentId,
      files: [{ filepath, originalFilename: path.basename(filepath), mimetype: 'image/jpeg', size: fs.statSync(filepath).size }],
    });
    if (results[0].status !== 'created') throw new Error(`ingest ${filepath}: ${JSON.stringify(results[0])}`);
    ids.push(results[0].image.documentId);
  }
  return { client, ids };
}

/** `count` more gallery-images that reuse one ingested photo's file (cheap large galleries). */
export async function cloneImages(strapi: Core.Strapi, sourceDocumentId: string, clientDocumentId: string, count: number) {
  const source = await strapi.db.query('plugin::client-gallery.gallery-image').findOne({ where: { documentId: sourceDocumentId }, populate: { file: true } });
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const copy = await strapi.documents('plugin::client-gallery.gallery-image').create({
      data: {
        file: source.file.id,
        client: clientDocumentId,
        takenAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        label: `Copy ${i + 1}`,
        checksum: source.checksum,
        width: source.width,
        height: source.height,
        derivatives: source.derivatives,
      } as any,
    });
    ids.push(copy.documentId);
  }
  return ids;
}

/** A published gallery in "ready" status holding `imageIds`. */
export async function readyGallery(strapi: Core.Strapi, clientDocumentId: string, imageIds: string[], title: string) {
  const gallery = await strapi.documents('plugin::client-gallery.gallery').create({ data: { title, client: clientDocumentId, images: imageIds, stage: 'ready' } as any });
  await strapi.documents('plugin::client-gallery.gallery').publish({ documentId: gallery.documentId });
  return gallery.documentId as string;
}

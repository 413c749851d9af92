import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { Client } from 'pg';
import { runId } from './make-template';

/**
 * One database per booted Strapi: a temp SQLite file by default, or with TEST_DATABASE=postgres
 * a PostgreSQL database on TEST_PG_URL (default 127.0.0.1:5432, trust auth) that is dropped
 * again afterwards. Nothing is shared between test files.
 *
 * A fresh database starts as a copy of the run's template (tests/helpers/make-template.js): the
 * schema Strapi and the plugin create on a first boot, with every row removed. Copying it is a
 * file copy on SQLite and `CREATE DATABASE … TEMPLATE` on PostgreSQL, so a boot skips building
 * the schema and still finds an empty database, as a first boot would.
 */
export const usePostgres = process.env.TEST_DATABASE === 'postgres';
export const appDir = path.resolve(__dirname, '..', '..');
const adminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'cg_test_';

export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function pgUrl(name: string) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function sqliteFiles(absolute: string) {
  return [absolute, `${absolute}-wal`, `${absolute}-shm`, `${absolute}-journal`];
}

/** The name of a database of this run: `label` made safe, plus a random suffix. */
function databaseName(label: string) {
  return `${PREFIX}${runId()}_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase().slice(0, 24)}_${crypto.randomBytes(3).toString('hex')}`;
}

export interface CreateOptions {
  /** An empty database, not a copy of the template: for first-boot behaviour and restored fixtures. */
  empty?: boolean;
}

export async function createTestDatabase(label: string, options: CreateOptions = {}): Promise<TestDatabase> {
  const name = databaseName(label);
  const template = options.empty ? undefined : process.env.CG_TEST_TEMPLATE;
  if (usePostgres) {
    await withAdminClient((client) => client.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`));
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: pgUrl(name) },
      drop: () => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
    };
  }
  const filename = path.join('.tmp', `${name}.db`);
  const absolute = path.join(appDir, filename);
  if (template) fs.copyFileSync(path.join(appDir, template), absolute);
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
    drop: async () => {
      for (const file of sqliteFiles(absolute)) fs.rmSync(file, { force: true });
    },
  };
}

/**
 * A database made by older code, restored from a fixture: the SQLite dump replayed into a fresh
 * file, or the PostgreSQL dump replayed with psql into a fresh database (the dump uses COPY … FROM stdin).
 */
export async function restoreFixtureDatabase(label: string, fixture: { sqlite: string; postgres: string }): Promise<TestDatabase> {
  const database = await createTestDatabase(label, { empty: true });
  if (usePostgres) {
    const { execFileSync } = await import('child_process');
    execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', database.env.DATABASE_URL, '-f', fixture.postgres], { stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    // The SQLite fixture is a text dump (no database file in the repository): replayed into a fresh file.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.join(appDir, database.env.DATABASE_FILENAME));
    try {
      // Rows are replayed table by table, so references are checked only once all are in.
      db.pragma('foreign_keys = OFF');
      db.exec(fs.readFileSync(fixture.sqlite, 'utf8'));
    } finally {
      db.close();
    }
  }
  return database;
}

import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { Client } from 'pg';

/**
 * One database per booted Strapi: a temp SQLite file by default, or with TEST_DATABASE=postgres
 * a fresh PostgreSQL database on TEST_PG_URL (default 127.0.0.1:5432, trust auth) that is
 * dropped again afterwards. Nothing is shared between test files.
 */
export const usePostgres = process.env.TEST_DATABASE === 'postgres';
const adminUrl = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUN_PREFIX = 'cg_test_';

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

export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const suffix = `${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase().slice(0, 30)}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  if (usePostgres) {
    const name = `${RUN_PREFIX}${suffix}`;
    await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() },
      drop: () => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
    };
  }
  const filename = path.join('.tmp', `test-${suffix}.db`);
  const absolute = path.resolve(__dirname, '..', '..', filename);
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
    drop: async () => {
      for (const file of [absolute, `${absolute}-wal`, `${absolute}-shm`, `${absolute}-journal`]) fs.rmSync(file, { force: true });
    },
  };
}

/** Safety net for crashed runs: drop this harness's PostgreSQL databases that are still around. */
export async function dropLeftoverDatabases() {
  if (!usePostgres) return;
  await withAdminClient(async (client) => {
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE '${RUN_PREFIX}%${process.pid}%'`);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

/**
 * A database made by older code, restored from a fixture: the SQLite dump replayed into a fresh
 * file, or the PostgreSQL dump replayed with psql into a fresh database (the dump uses COPY … FROM stdin).
 */
export async function restoreFixtureDatabase(label: string, fixture: { sqlite: string; postgres: string }): Promise<TestDatabase> {
  const database = await createTestDatabase(label);
  if (usePostgres) {
    const { execFileSync } = await import('child_process');
    execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', database.env.DATABASE_URL, '-f', fixture.postgres], { stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    // The SQLite fixture is a text dump (no database file in the repository): replayed into a fresh file.
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(path.resolve(__dirname, '..', '..', database.env.DATABASE_FILENAME));
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

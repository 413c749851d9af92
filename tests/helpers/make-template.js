/* eslint-disable */
/**
 * The run's template database. `ensureTemplate()` makes it once per run (from global-setup, or
 * from scripts/run-tests.js for both of its jest lanes) and names it in CG_TEST_TEMPLATE, which
 * jest's workers inherit; tests/helpers/database.ts copies it for every test database.
 *
 * It is made by a real first boot from the same dist/ every test boots from, in a process of its
 * own (this file run as a script, so no Strapi stays loaded in jest's parent). After the boot has
 * created the whole schema, every row but the schema's own bookkeeping is removed: a copy then
 * boots as fast as a restart and still behaves as a first boot (no roles, no settings, no users).
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const bootEnv = require('./boot-env.json');

const appDir = path.resolve(__dirname, '..', '..');
const PREFIX = 'cg_test_';
const BOOKKEEPING = new Set(['strapi_migrations', 'strapi_migrations_internal', 'strapi_database_schema']);
const adminUrl = () => process.env.TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

function runId() {
  if (!process.env.CG_TEST_RUN) process.env.CG_TEST_RUN = `${process.pid}_${crypto.randomBytes(2).toString('hex')}`;
  return process.env.CG_TEST_RUN;
}

function psql(database, sql) {
  execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-d', database, '-c', sql], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Make the template unless this run already has one; returns its name (a PostgreSQL database or a .tmp/ file). */
function ensureTemplate() {
  if (process.env.CG_TEST_TEMPLATE) return process.env.CG_TEST_TEMPLATE;
  const started = Date.now();
  const name = `${PREFIX}${runId()}_template`;
  let databaseEnv;
  let template;
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  if (process.env.TEST_DATABASE === 'postgres') {
    psql(adminUrl(), `CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl());
    url.pathname = `/${name}`;
    databaseEnv = { DATABASE_CLIENT: 'postgres', DATABASE_URL: url.toString() };
    template = name;
  } else {
    template = path.join('.tmp', `${name}.db`);
    databaseEnv = { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: template };
  }
  const uploadDir = fs.mkdtempSync(path.join(appDir, '.tmp', 'uploads-template-'));
  try {
    execFileSync(process.execPath, [__filename], {
      cwd: appDir,
      env: {
        ...process.env,
        ...bootEnv.storage,
        ...bootEnv.server,
        ...bootEnv.secrets,
        UPLOAD_DIR: uploadDir,
        STRAPI_LOG_LEVEL: 'error',
        STUDIO_NOTIFY_EMAIL: '',
        CRON_ENABLED: 'false',
        ...databaseEnv,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } finally {
    fs.rmSync(uploadDir, { recursive: true, force: true });
  }
  process.env.CG_TEST_TEMPLATE = template;
  process.stdout.write(`template database ${template} made in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return template;
}

/**
 * Drop what a run left behind: its PostgreSQL databases (template included), its SQLite files,
 * and the upload and outbox folders of boots that ended with their worker (profile boots).
 */
function dropRunDatabases(run = process.env.CG_TEST_RUN) {
  if (!run) return;
  if (process.env.TEST_DATABASE === 'postgres') {
    const list = execFileSync('psql', ['-At', '-d', adminUrl(), '-c', `SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}${run}\\_%'`], { encoding: 'utf8' });
    for (const datname of list.split('\n').filter(Boolean)) psql(adminUrl(), `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
  const tmp = path.join(appDir, '.tmp');
  for (const entry of fs.existsSync(tmp) ? fs.readdirSync(tmp) : []) {
    if (entry.startsWith(`${PREFIX}${run}_`) || entry.startsWith(`uploads-${run}-`) || entry.startsWith(`outbox-${run}-`)) {
      fs.rmSync(path.join(tmp, entry), { recursive: true, force: true });
    }
  }
}

async function emptyTables(knex, client) {
  if (client === 'postgres') {
    const { rows } = await knex.raw(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`);
    const tables = rows.map((row) => row.tablename).filter((table) => !BOOKKEEPING.has(table));
    if (tables.length > 0) await knex.raw(`TRUNCATE ${tables.map((table) => `"${table}"`).join(', ')} RESTART IDENTITY CASCADE`);
    return tables.length;
  }
  const tables = (await knex.raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)).map((row) => row.name);
  await knex.raw('PRAGMA foreign_keys = OFF');
  for (const table of tables) if (!BOOKKEEPING.has(table)) await knex.raw(`DELETE FROM "${table}"`);
  if ((await knex.raw(`SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'`)).length > 0) await knex.raw('DELETE FROM sqlite_sequence');
  return tables.length;
}

/** The child: one first boot, then the rows go. */
async function makeTemplate() {
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir: path.join(appDir, 'dist'), autoReload: false, serveAdminPanel: false }).load();
  const client = process.env.DATABASE_CLIENT;
  await emptyTables(strapi.db.connection, client);
  await strapi.destroy();
  if (client !== 'postgres') {
    // One self-contained file to copy: the write-ahead log folded in, free pages dropped.
    const Database = require('better-sqlite3');
    const db = new Database(path.join(appDir, process.env.DATABASE_FILENAME));
    db.pragma('journal_mode = DELETE');
    db.exec('VACUUM');
    db.close();
  }
}

if (require.main === module) {
  makeTemplate().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
}

module.exports = { ensureTemplate, dropRunDatabases, runId };

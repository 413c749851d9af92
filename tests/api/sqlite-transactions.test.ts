/** @lane serial: asserts a write waits less than 1 s, which a neighbour's load would bend (scripts/run-tests.js). */
import { spawn, type ChildProcess } from 'child_process';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { usePostgres } from '../helpers/database';

/**
 * Several server processes may share the embedded SQLite file. A transaction that reads and then
 * writes must wait for another process's write, not fail with "database is locked": the plugin
 * begins SQLite transactions IMMEDIATE (setup/sqlite-write-transactions.ts). The other process
 * here is a bare better-sqlite3 connection, so each step happens in a known order.
 */
const describeSqlite = usePostgres ? describe.skip : describe;
const OTHER_PROCESS = `
const Database = require('better-sqlite3');
// With -e, the first argument after the code is argv[1].
const db = new Database(process.argv[1], { timeout: 10000, fileMustExist: true });
process.on('message', (command) => {
  if (command === 'write') {
    // exec() blocks this process while it waits for the lock, so "writing" is sent first.
    process.send('writing', () => {
      try {
        db.exec("BEGIN IMMEDIATE; INSERT INTO client_gallery_sqlite_probe (who) VALUES ('other'); COMMIT;");
        process.send('committed');
      } catch (error) {
        process.send('failed: ' + error.message);
      }
    });
  } else if (command === 'hold') {
    db.exec("BEGIN IMMEDIATE; INSERT INTO client_gallery_sqlite_probe (who) VALUES ('held');");
    process.send('holding');
  } else if (command === 'release') {
    db.exec('COMMIT;');
    process.send('released');
  }
});
process.send('ready');
`;

let booted: BootedStrapi;
let strapi: Core.Strapi;
let other: ChildProcess;
const messages: string[] = [];
const nextMessage = (expected: string) =>
  new Promise<void>((resolve, reject) => {
    const check = () => {
      const index = messages.findIndex((m) => m === expected || m.startsWith('failed'));
      if (index < 0) return setTimeout(check, 10);
      const [message] = messages.splice(index, 1);
      if (message === expected) resolve();
      else reject(new Error(`the other process said "${message}"`));
    };
    check();
  });

beforeAll(async () => {
  if (usePostgres) return;
  booted = await bootStrapi('sqlite-transactions', { STUDIO_NOTIFY_EMAIL: '', CRON_ENABLED: 'false' });
  strapi = booted.strapi;
  await strapi.db.connection.schema.createTable('client_gallery_sqlite_probe', (table) => {
    table.increments('id');
    table.string('who');
  });
  const filename = path.resolve(__dirname, '..', '..', booted.database.env.DATABASE_FILENAME);
  other = spawn(process.execPath, ['-e', OTHER_PROCESS, filename], {
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  other.on('message', (m) => messages.push(String(m)));
  await nextMessage('ready');
}, 180000);

afterAll(async () => {
  other?.kill();
  await booted?.stop();
});

describeSqlite('SQLite transactions shared with another process', () => {
  it('a read-then-write transaction waits for the other process and both rows are kept', async () => {
    await strapi.db.transaction(async ({ trx }) => {
      await trx('client_gallery_sqlite_probe').count({ n: '*' });
      // The other process now tries to write while this transaction has read: with a DEFERRED
      // begin it would get the write lock and wait to commit, and the write below would fail at once.
      other.send('write');
      await nextMessage('writing');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await trx('client_gallery_sqlite_probe').insert({ who: 'strapi' });
    });
    await nextMessage('committed');
    const rows = await strapi.db.connection('client_gallery_sqlite_probe').select('who').orderBy('id');
    expect(rows.map((r: { who: string }) => r.who)).toEqual(['strapi', 'other']);
  });

  it('a Document Service read does not wait for the write lock another process holds', async () => {
    other.send('hold');
    await nextMessage('holding');
    try {
      const started = performance.now();
      await strapi.documents('plugin::client-gallery.client').findMany({ limit: 1 });
      expect(performance.now() - started).toBeLessThan(1000);
    } finally {
      other.send('release');
      await nextMessage('released');
    }
  });
});

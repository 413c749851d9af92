import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';

/** Document Service actions that only read: their transactions keep SQLite's DEFERRED begin. */
const READ_ACTIONS = new Set(['findMany', 'findFirst', 'findOne', 'count']);
const reading = new AsyncLocalStorage<true>();

/**
 * On SQLite, transactions that may write start with `BEGIN IMMEDIATE`: they take the write lock
 * when they begin, waiting for it under the busy timeout, instead of on their first write.
 *
 * Why: knex begins SQLite transactions DEFERRED. A Document Service create reads, then writes. If
 * another process (several server processes may share one SQLite file) holds the write lock and is
 * waiting to commit, a deferred transaction that has read cannot be granted the lock without a
 * deadlock, so SQLite answers "database is locked" at once, without waiting: an upload failed so
 * (CI, photos-duplicates). Within one process nothing changes: knex's SQLite pool has one connection,
 * so its transactions were already one at a time. Nested transactions use savepoints, not BEGIN.
 *
 * The Document Service wraps its reads in transactions too. Those stay DEFERRED (a Document Service
 * middleware marks them), so a read in one process never waits for another process's write.
 */
export function beginSqliteTransactionsImmediately(strapi: Core.Strapi) {
  strapi.documents.use((context, next) => (READ_ACTIONS.has(context.action) ? reading.run(true, next) : next()));
  strapi.hook('strapi::content-types.beforeSync').register(() => {
    const client = (strapi.db as any)?.connection?.client;
    if (!client || strapi.db.dialect.client !== 'sqlite' || client.__clientGalleryImmediate) return;
    const transaction = client.transaction;
    client.transaction = function immediateTransaction(this: unknown, ...args: unknown[]) {
      const trx = transaction.apply(this, args);
      // Decided here, in the caller's context; begin() runs later, once a connection is acquired.
      if (!reading.getStore()) trx.begin = (connection: unknown) => trx.query(connection, 'BEGIN IMMEDIATE;');
      return trx;
    };
    client.__clientGalleryImmediate = true;
  });
}

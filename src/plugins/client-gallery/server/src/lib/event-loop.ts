/**
 * Between two chunks, let the event loop serve other requests. Inside a transaction knex reuses
 * its connection, and with SQLite every statement runs synchronously: without this, a
 * 20,000-photo reorder held the whole server for its full length.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

import type { Core } from '@strapi/strapi';

/** Every SQL statement (knex's query event) run while `work` runs, with its bindings. */
export async function queriesDuring(strapi: Core.Strapi, work: () => Promise<unknown>): Promise<Array<{ sql: string; bindings: unknown[] }>> {
  const seen: Array<{ sql: string; bindings: unknown[] }> = [];
  const listen = (query: { sql: string; bindings: unknown[] }) => void seen.push(query);
  strapi.db.connection.client.on('query', listen);
  try {
    await work();
  } finally {
    strapi.db.connection.client.removeListener('query', listen);
  }
  return seen;
}

/** Every SQL statement run while `work` runs. */
export async function statementsDuring(strapi: Core.Strapi, work: () => Promise<unknown>): Promise<string[]> {
  return (await queriesDuring(strapi, work)).map((query) => query.sql);
}

import type { Core } from '@strapi/strapi';

/** Every SQL statement (knex's query event) run while `work` runs. */
export async function statementsDuring(strapi: Core.Strapi, work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listen = (query: { sql: string }) => void seen.push(query.sql);
  strapi.db.connection.client.on('query', listen);
  try {
    await work();
  } finally {
    strapi.db.connection.client.removeListener('query', listen);
  }
  return seen;
}

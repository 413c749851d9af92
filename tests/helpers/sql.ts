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

/** The key under which Strapi's core store keeps the plugin's studio settings (services/studio/studio-settings.ts). */
const STUDIO_SETTINGS_KEY = 'plugin_client-gallery_settings';

/**
 * The statements of one request, less the studio settings' refresh. studio-settings reads the
 * plugin store again once its copy is a second old, so any request may or may not carry that one
 * read, whatever it does itself; a count of a request's own statements leaves it out. A second
 * such read in one request is kept in the count: that would be a bug worth seeing.
 */
export async function requestStatementsDuring(strapi: Core.Strapi, work: () => Promise<unknown>): Promise<string[]> {
  const queries = await queriesDuring(strapi, work);
  const refresh = queries.findIndex((query) => /strapi_core_store_settings/.test(query.sql) && (query.bindings ?? []).includes(STUDIO_SETTINGS_KEY));
  return queries.filter((_, index) => index !== refresh).map((query) => query.sql);
}

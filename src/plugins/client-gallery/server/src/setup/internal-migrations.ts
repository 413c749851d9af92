import type { Core } from '@strapi/strapi';
import { membershipMigration } from './membership-migration';
import { downloadWatermarkMigration } from './download-watermark-migration';
import { linkStatsMigration } from './link-stats-migration';

/** The plugin's data migrations, in the order they were written. Strapi runs each once. */
const MIGRATIONS = [membershipMigration, downloadWatermarkMigration, linkStatsMigration];

/**
 * A plugin cannot ship a host migration, so its migrations are internal ones it registers, which
 * Strapi runs once each (recorded in `strapi_migrations_internal`), before the schema sync.
 * Registered from Strapi's "before schema sync" hook, which runs after the database is set up
 * and before migrations run. (Touching `strapi.db` in register() would create the database
 * early, before Strapi configures its connection: a second process then met "database is locked".)
 */
export function registerInternalMigrations(strapi: Core.Strapi) {
  strapi.hook('strapi::content-types.beforeSync').register(async () => {
    const internal = (strapi.db as any).migrations?.providers?.internal;
    if (internal) for (const migration of MIGRATIONS) await internal.register(migration);
  });
}

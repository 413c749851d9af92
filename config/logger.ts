import { configs, winston } from '@strapi/logger';

const LEVEL = Symbol.for('level');

/**
 * Strapi's migration runner reports every migration it runs, its own and the plugin's, at info:
 * a first boot printed some thirty such lines before anything a newcomer needs. They are
 * bookkeeping, so they go out at debug (STRAPI_LOG_LEVEL=debug shows them again). A migration
 * that fails still logs its error at error level.
 */
export function isMigrationProgress(message: unknown): boolean {
  return typeof message === 'string' && /^\[(internal migration|discard-drafts)\]/.test(message);
}

export const quietMigrations = winston.format((info) => {
  if (info.level === 'info' && isMigrationProgress(info.message)) {
    info.level = 'debug';
    (info as Record<symbol, unknown>)[LEVEL] = 'debug';
  }
  return info;
});

/** Strapi's default console logger, with the level taken from STRAPI_LOG_LEVEL (tests run at "error"). */
export default () => {
  const defaults = configs.createDefaultConfiguration();
  return {
    ...defaults,
    format: defaults.format ? winston.format.combine(quietMigrations(), defaults.format) : quietMigrations(),
    level: process.env.STRAPI_LOG_LEVEL || 'http',
  };
};

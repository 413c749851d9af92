import { configs } from '@strapi/logger';

/** Strapi's default console logger, with the level taken from STRAPI_LOG_LEVEL (tests run at "error"). */
export default () => ({
  ...configs.createDefaultConfiguration(),
  level: process.env.STRAPI_LOG_LEVEL || 'http',
});

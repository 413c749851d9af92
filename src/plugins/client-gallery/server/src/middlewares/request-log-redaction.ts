import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { redactCapabilityUrl } from '../lib/log-redaction';

/**
 * Strapi's request logger (`strapi::logger`, first in every host's middleware list) awaits the
 * rest of the chain, then logs `${ctx.method} ${ctx.url} (…ms) ${ctx.status}`: at the default
 * `http` level every share token, package token and media signature went to the log. This
 * middleware runs inside it (the plugin's bootstrap adds it after the host's middlewares) and,
 * once the request is answered, gives the context its own `url` with the capabilities cut to a
 * prefix. Only later readers of `ctx.url` (the logger, as the chain unwinds) see it: the request
 * itself (`ctx.request.url`, `req.url`) is untouched, and routing has already happened.
 * The host's config/middlewares.ts needs no change.
 */
export function redactRequestLog(strapi: Core.Strapi) {
  const apiPrefix = (strapi.config.get('api.rest.prefix') as string | undefined) ?? '/api';
  return async (ctx: Context, next: Next) => {
    try {
      await next();
    } finally {
      const url = ctx.request.url;
      const shown = redactCapabilityUrl(url, apiPrefix);
      if (shown !== url) Object.defineProperty(ctx, 'url', { value: shown, configurable: true, writable: true, enumerable: false });
    }
  };
}

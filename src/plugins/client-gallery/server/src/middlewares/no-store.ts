import type { Context, Next } from 'koa';

/**
 * Answers of the plugin's routes carry signed, short-lived URLs and per-visitor state: no shared
 * cache (a proxy, a CDN) may keep them, and a browser must not show a stale one after a revoke.
 * A route that streams a file sets its own Cache-Control after this.
 */
export default () => async (ctx: Context, next: Next) => {
  ctx.set('Cache-Control', 'no-store');
  await next();
};

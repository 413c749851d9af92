import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { redactCapabilityUrl } from '../lib/log-redaction';

/** What a socket reports when the other side went away: not a fault of this server. */
const CLIENT_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

export function isClientGone(error: unknown, ctx: Pick<Context, 'req' | 'res'> | undefined): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && CLIENT_GONE.has(code) && Boolean(ctx?.res?.destroyed || ctx?.req?.destroyed);
}

/**
 * A client that hangs up mid-download (a closed tab, a phone losing signal) made Koa print a
 * bare ECONNRESET stack trace: a response whose socket closes early reaches `ctx.onerror`, which
 * emits it to the app's error listeners (Koa's default, and the upload plugin's, which skips
 * only EPIPE), and they print every error not marked `expose`. Such an error is marked here, in
 * the one place every request's errors pass, and logged as one debug line; every other error
 * goes on as before.
 */
export function quietClientDisconnects(strapi: Core.Strapi) {
  const context = (strapi.server as any).app?.context;
  if (!context || typeof context.onerror !== 'function') return;
  const onerror = context.onerror;
  context.onerror = function onerrorUnlessClientGone(this: Context, error: (Error & { code?: string; expose?: boolean }) | null) {
    if (error && isClientGone(error, this)) {
      strapi.log.debug(`client-gallery: the client went away during ${this.method} ${redactCapabilityUrl(this.path ?? '', (strapi.config.get('api.rest.prefix') as string | undefined) ?? '/api')} (${error.code})`);
      error.expose = true;
    }
    return onerror.call(this, error);
  };
}

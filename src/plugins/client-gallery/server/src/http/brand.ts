import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { accentOfStylesheet, accentStylesheet, BRAND_ASSET_PREFIX, LOGO_FILE_NAME } from '../../../shared/brand';
import { getService } from '../get-service';

/**
 * The studio's brand as the public pages load it, from their own origin (their CSP: images and
 * styles from 'self' only; no inline style, so the colour comes as a stylesheet):
 * - `/assets/brand/<digest>.png`: the current logo, re-encoded at upload (services/studio/brand-logo.ts).
 *   Any other name, a replaced logo's included, is a 404: only the logo the studio shows is served.
 * - `/assets/brand/accent-<rrggbb>.css`: the pages' accent variables for that colour (shared/brand.ts).
 *   Its name is the colour, so it is the same for everyone and holds nothing of the studio.
 * Both names never change content, so both are cached for good.
 */
export function registerBrandAssets(strapi: Core.Strapi) {
  const notFound = (ctx: Context) => {
    ctx.status = 404;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } };
  };

  async function serve(ctx: Context) {
    ctx.set('X-Content-Type-Options', 'nosniff');
    const name = ctx.path.slice(BRAND_ASSET_PREFIX.length);
    const accent = accentOfStylesheet(name);
    if (accent) {
      ctx.status = 200;
      ctx.type = 'text/css; charset=utf-8';
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
      ctx.body = accentStylesheet(accent);
      return;
    }
    if (!LOGO_FILE_NAME.test(name)) return notFound(ctx);
    const body = await getService(strapi, 'brand-logo').open(name);
    if (!body) return notFound(ctx);
    ctx.status = 200;
    ctx.type = 'image/png';
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    // The bytes are sharp's own PNG; this keeps any browser from reading them as anything else.
    ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
    ctx.set('Content-Disposition', 'inline');
    if (ctx.method === 'HEAD') {
      body.destroy();
      return;
    }
    ctx.body = body;
  }

  strapi.server.routes([{ method: 'GET', path: `${BRAND_ASSET_PREFIX}(.*)`, handler: serve, config: { auth: false } }]);
}

import fs from 'fs';
import path from 'path';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { storageOrigins, type UploadProviderConfig } from '../lib/storage-origins';
import { renderShell, type PageName, type ShellBrand } from './shell';
import { getService } from '../get-service';
import { accentStylesheetPath, BRAND_ASSET_PREFIX } from '../../../shared/brand';
import { DEFAULT_ACCENT_COLOR } from '../lib/studio-settings';
import { GALLERY_PAGE_PATH, PORTAL_PAGES } from '../../../shared/page-paths';

/**
 * The public pages (DESIGN.md "Public pages"; paths in shared/page-paths.ts): `/g/:token` (a share
 * link's gallery) and `/portal` (a portal account's galleries, with its account pages: one shell,
 * routed by the page's script). The browser code is TypeScript in the plugin's pages/, bundled by
 * the plugin's build (scripts/build-pages.js, esbuild) into dist/pages with a manifest of
 * content-hashed file names. This module only serves that output: the HTML shell and the assets.
 *
 * The shell is the same for every token: it never looks the token up, so it cannot reveal whether
 * a link is valid. The page then asks the public share API like any headless client would.
 */
export const ASSET_PREFIX = '/assets/pages/';
/** Only names esbuild writes: `<name>-<hash>.<ext>`; anything else (dots, slashes, encodings) is a 404. */
const ASSET_NAME = /^[A-Za-z0-9_-]+\.(js|css)(\.map)?$/;
const CONTENT_TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};

export interface PagesManifest {
  gallery: { js: string; css: string };
  portal: { js: string; css: string };
}

/** dist/pages of the plugin package: the server bundle runs from dist/server. */
export function pagesDir(): string {
  return process.env.PUBLIC_PAGES_DIR ? path.resolve(process.env.PUBLIC_PAGES_DIR) : path.resolve(__dirname, '..', 'pages');
}

/** The CSP of the pages: scripts and styles from this origin only, no inline code, photos from our storage. */
export function pagesCsp(origins: string[]): string {
  const images = ["'self'", 'data:', 'blob:', ...origins].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${images}`,
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

function securityHeaders(ctx: Context) {
  ctx.set('X-Content-Type-Options', 'nosniff');
  // Link tokens are in the page URL: never let them leak to another site (or our own logs) as a Referer.
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Robots-Tag', 'noindex, nofollow');
}

export function registerPublicPages(strapi: Core.Strapi) {
  const dir = pagesDir();
  // The upload plugin's config is final by the time the first page is asked for.
  let csp: string | null = null;
  const cspOf = () => (csp ??= pagesCsp(storageOrigins(strapi.config.get('plugin::upload') as UploadProviderConfig)));
  let manifest: PagesManifest | null = null;
  let assets: Set<string> | null = null;

  /** Read once; in development a rebuild of the pages (new hashes) is picked up on the next miss. */
  function load(refresh = false): { manifest: PagesManifest | null; assets: Set<string> } {
    if (!assets || refresh) {
      try {
        manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as PagesManifest;
        assets = new Set(fs.readdirSync(dir).filter((name) => ASSET_NAME.test(name)));
      } catch {
        manifest = null;
        assets = new Set();
        strapi.log.warn(`public pages: no build in ${dir}; build the client-gallery plugin`);
      }
    }
    return { manifest, assets };
  }

  function page(name: PageName) {
    return async (ctx: Context) => {
      securityHeaders(ctx);
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Content-Security-Policy', cspOf());
      ctx.set('X-Frame-Options', 'DENY');
      const built = load().manifest ?? load(true).manifest;
      if (!built) {
        ctx.status = 503;
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = 'The public pages are not built. Build the client-gallery plugin (npm run build:plugin).';
        return;
      }
      // The brand only: a long write holding the database must not hold the page (within 100 ms).
      const studio = await getService(strapi, 'studio-settings').studioWithin(100);
      const brand: ShellBrand = {
        name: studio.name,
        logoPath: studio.logo ? `${BRAND_ASSET_PREFIX}${studio.logo}` : '',
        accentPath: studio.accentColor === DEFAULT_ACCENT_COLOR ? '' : accentStylesheetPath(studio.accentColor),
      };
      ctx.status = 200;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = renderShell(name, built[name], ASSET_PREFIX, brand);
    };
  }

  async function asset(ctx: Context) {
    securityHeaders(ctx);
    const name = ctx.path.slice(ASSET_PREFIX.length);
    const known = ASSET_NAME.test(name) && (load().assets.has(name) || load(true).assets.has(name));
    if (!known) {
      ctx.status = 404;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found' } };
      return;
    }
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file);
    ctx.status = 200;
    ctx.type = CONTENT_TYPES[path.extname(name).slice(1)];
    // Names carry a content hash: a changed file is a new URL, so the old one can be cached for good.
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.set('Last-Modified', stat.mtime.toUTCString());
    ctx.length = stat.size;
    ctx.body = ctx.method === 'HEAD' ? null : fs.createReadStream(file);
  }

  strapi.server.routes([
    { method: 'GET', path: `${GALLERY_PAGE_PATH}:token`, handler: page('gallery'), config: { auth: false } },
    ...Object.values(PORTAL_PAGES).map((portalPath) => ({ method: 'GET' as const, path: portalPath, handler: page('portal'), config: { auth: false as const } })),
    { method: 'GET', path: `${ASSET_PREFIX}(.*)`, handler: asset, config: { auth: false } },
  ]);
}

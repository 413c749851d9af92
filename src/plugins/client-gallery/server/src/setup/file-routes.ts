import type { Core } from '@strapi/strapi';
import { MULTIPART } from '../routes/helpers';
import { pluginConfig } from '../config';
import { fileRouteMatcher } from '../lib/file-routes';

/** Strapi's own routes that take files (lib/file-routes.ts lists the same ones), by router. */
const UPLOAD_ROUTES = new Set(['POST /', 'POST /files', 'POST /files/:id/replace']);
const ADMIN_ROUTES = new Set(['POST /project-settings']);

interface RouteInput {
  method: string;
  path: string;
  config?: { middlewares?: unknown[]; prefix?: string };
}

function addMultipartTo(route: RouteInput) {
  route.config = route.config ?? {};
  const middlewares = route.config.middlewares ?? [];
  if (!middlewares.includes(MULTIPART)) route.config.middlewares = [MULTIPART, ...middlewares];
}

function addMultipart(routes: RouteInput[] | undefined, wanted: Set<string>) {
  for (const route of routes ?? []) if (wanted.has(`${route.method} ${route.path}`)) addMultipartTo(route);
}

/**
 * A module's content-API routers, with the path prefix Strapi will mount each under. A router may
 * still be a factory (createContentApiRoutesFactory): its `routes` getter gives the very array
 * Strapi mounts later, so a middleware added here is mounted with it.
 */
function contentApiRouters(routes: unknown, defaultPrefix: string): Array<{ prefix: string; routes: RouteInput[] }> {
  if (!routes || typeof routes !== 'object' || Array.isArray(routes)) return [];
  return Object.entries(routes as Record<string, { type?: string; prefix?: string; routes?: RouteInput[] }>)
    .filter(([key, router]) => router && (router.type === 'content-api' || (router.type === undefined && key === 'content-api')))
    .map(([, router]) => ({ prefix: router.prefix ?? defaultPrefix, routes: router.routes ?? [] }));
}

/**
 * The host's own file routes (`uploads.multipartRoutes`, e.g. "POST /api/upload"): found among the
 * content-API routes of every plugin and API, they get the same route middleware as ours, so a
 * file sent there is parsed after authentication. A listed route that matches nothing is named in
 * the log: without a parser, it would answer "Files are empty".
 */
function parseFilesOnHostFileRoutes(strapi: Core.Strapi) {
  const listed = pluginConfig(strapi).uploads.multipartRoutes;
  if (listed.length === 0) return;
  const apiPrefix = (strapi.config.get('api.rest.prefix') as string | undefined) ?? '/api';
  const found = new Set<string>();
  const visit = (routes: unknown, defaultPrefix: string) => {
    for (const router of contentApiRouters(routes, defaultPrefix)) {
      for (const route of router.routes) {
        const fullPath = `${apiPrefix}${route.config?.prefix ?? router.prefix}${route.path}`;
        const match = listed.find((entry) => fileRouteMatcher([entry])(route.method, fullPath));
        if (!match) continue;
        addMultipartTo(route);
        found.add(match);
      }
    }
  };
  for (const [name, plugin] of Object.entries(strapi.plugins as Record<string, { routes?: unknown }>)) visit(plugin.routes, `/${name}`);
  for (const api of Object.values(strapi.apis as Record<string, { routes?: unknown }>)) visit(api.routes, '');
  for (const entry of listed.filter((route) => !found.has(route))) {
    strapi.log.warn(`client-gallery: uploads.multipartRoutes names "${entry}", which is no content-API route of a plugin or API; its files will not be parsed`);
  }
}

/**
 * With the plugin's body parser in place, multipart bodies are parsed by a route middleware,
 * after authentication: the Media Library upload (admin), the project logo and the host's listed
 * file routes get it here, before the routers are built. With the host on `strapi::body` the
 * middleware does nothing.
 */
export function parseFilesOnStrapiFileRoutes(strapi: Core.Strapi) {
  const upload = strapi.plugin('upload') as unknown as { routes?: { admin?: { routes?: RouteInput[] } } } | undefined;
  addMultipart(upload?.routes?.admin?.routes, UPLOAD_ROUTES);
  addMultipart((strapi as unknown as { admin?: { routes?: { admin?: { routes?: RouteInput[] } } } }).admin?.routes?.admin?.routes, ADMIN_ROUTES);
  parseFilesOnHostFileRoutes(strapi);
}

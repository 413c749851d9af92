import type { Core } from '@strapi/strapi';
import { MULTIPART } from '../routes/helpers';
import { pluginConfig } from '../config';
import {
  fileRouteMatcher,
  isWrittenRoute,
  servedPath,
  strapiFileRoutes,
  type FileRouteMatcher,
  type MountedRoutes,
  type RouteDefinition,
} from '../lib/file-routes';

/** The routes of one Strapi that parse files, as "METHOD /served/path", and the gate's matcher over them. */
interface FileRouteTable {
  routes: string[];
  matcher: FileRouteMatcher | null;
}

const tables = new WeakMap<object, FileRouteTable>();

function tableOf(strapi: Core.Strapi): FileRouteTable {
  let table = tables.get(strapi);
  if (!table) {
    table = { routes: [], matcher: null };
    tables.set(strapi, table);
  }
  return table;
}

function routesOf(mounted: MountedRoutes): RouteDefinition[] {
  return Array.isArray(mounted) ? mounted : (mounted.routes ?? []);
}

/** Whether the route has the multipart parser, by name or as `{ name, config }` (a route with limits of its own). */
function parsesFiles(route: RouteDefinition): boolean {
  return route.config?.middlewares?.some((middleware) => middleware === MULTIPART || (middleware as { name?: unknown } | null)?.name === MULTIPART) ?? false;
}

function addMultipartTo(route: RouteDefinition) {
  route.config = route.config ?? {};
  route.config.middlewares = [MULTIPART, ...(route.config.middlewares ?? [])];
}

/**
 * Every router reaches the HTTP server through `strapi.server.routes()`: Strapi's admin, every
 * plugin's and API's (factories already called, type and prefix settled), and the plain routes a
 * plugin adds itself. This door is wrapped here, at register, before Strapi mounts its routers, so
 * on the way in:
 * - a route that takes files gets the `multipart` route middleware, which Strapi runs after
 *   authentication, authorization and the route's policies: the plugin's own (their definitions
 *   carry it), Strapi's (lib/file-routes.ts `strapiFileRoutes`: the content-API and Media Library
 *   uploads, the project logo) and the host's (`uploads.multipartRoutes`), matched by the path the
 *   route is served at;
 * - the route is written down with that path: the gate (middlewares/multipart-gate.ts) lets a
 *   multipart body through to these routes and no others, so it never admits a body that nothing
 *   parses.
 */
export function parseFilesOnFileRoutes(strapi: Core.Strapi) {
  const { multipartRoutes } = pluginConfig(strapi).uploads;
  const apiPrefix = (strapi.config.get('api.rest.prefix') as string | undefined) ?? '/api';
  const named = fileRouteMatcher([...strapiFileRoutes(apiPrefix), ...multipartRoutes]);
  const table = tableOf(strapi);
  const server = strapi.server as unknown as { routes(mounted: MountedRoutes): unknown };
  const mount = server.routes;
  server.routes = function routesTakingFiles(this: unknown, mounted: MountedRoutes) {
    for (const route of routesOf(mounted)) {
      const path = servedPath(apiPrefix, mounted, route);
      if (!parsesFiles(route) && !named(route.method, path)) continue;
      if (!parsesFiles(route)) addMultipartTo(route);
      const entry = `${String(route.method).toUpperCase()} ${path}`;
      if (!isWrittenRoute(entry)) {
        // A path with pattern syntax the gate cannot match: its multipart bodies stay refused.
        strapi.log.warn(`client-gallery: the file route ${entry} has a path the multipart gate cannot read; multipart bodies to it get 415`);
        continue;
      }
      table.routes.push(entry);
      table.matcher = null;
    }
    return mount.call(this, mounted);
  };
}

/** The gate's question: does this request reach a route that parses its files? */
export function reachesFileRoute(strapi: Core.Strapi, method: string, path: string): boolean {
  const table = tableOf(strapi);
  table.matcher = table.matcher ?? fileRouteMatcher(table.routes);
  return table.matcher(method, path);
}

/**
 * Once the routers are mounted: a route the host named in `uploads.multipartRoutes` that matched no
 * served route is said in the log (its multipart bodies get 415), and so is one of Strapi's own
 * file routes gone missing (another Strapi version may serve its uploads elsewhere).
 */
export function reportUnmatchedFileRoutes(strapi: Core.Strapi) {
  const { routes } = tableOf(strapi);
  const apiPrefix = (strapi.config.get('api.rest.prefix') as string | undefined) ?? '/api';
  const found = (entry: string) => {
    const matches = fileRouteMatcher([entry]);
    return routes.some((served) => matches(served.slice(0, served.indexOf(' ')), served.slice(served.indexOf(' ') + 1)));
  };
  for (const entry of pluginConfig(strapi).uploads.multipartRoutes.filter((route) => !found(route))) {
    strapi.log.warn(`client-gallery: uploads.multipartRoutes names "${entry}", which no route serves; multipart bodies to it get 415`);
  }
  for (const entry of strapiFileRoutes(apiPrefix).filter((route) => !found(route))) {
    strapi.log.warn(`client-gallery: Strapi serves no ${entry}; if its uploads moved, name the new route in uploads.multipartRoutes`);
  }
}

/**
 * Which requests may carry files. Multipart bodies are parsed only on routes that take files (by
 * the route's own `multipart` middleware, after authentication); a multipart body anywhere else is
 * refused unread, so nobody can park temp files on a route that never takes them.
 *
 * A route is written "METHOD /path", with `:param` for one path segment, e.g.
 * "POST /upload/files/:id/replace". Pure, so its table test needs no server.
 */
export type FileRouteMatcher = (method: string, path: string) => boolean;

const ROUTE = /^(GET|POST|PUT|PATCH|DELETE) (\/[A-Za-z0-9_\-./:]*)$/;

function compile(route: string): { method: string; pattern: RegExp } {
  const match = ROUTE.exec(route.trim());
  if (!match) throw new Error(`A file route is written "METHOD /path", not ${JSON.stringify(route)}`);
  const [, method, path] = match;
  const segments = path
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.]/g, '\\.')));
  return { method, pattern: new RegExp(`^${segments.join('/') || ''}/?$`) };
}

/** Whether `route` is written as this file reads routes ("METHOD /path" with plain segments and `:param`s). */
export function isWrittenRoute(route: string): boolean {
  return ROUTE.test(route.trim());
}

export function fileRouteMatcher(routes: readonly string[]): FileRouteMatcher {
  const compiled = routes.map(compile);
  return (method, path) => compiled.some((route) => route.method === method.toUpperCase() && route.pattern.test(path));
}

/**
 * Strapi's own routes that take files: the content-API upload (API tokens and users-permissions
 * roles granted it; `?id=` replaces a file), the Media Library's uploads for admins, and the admin's
 * project logo. The plugin's own file routes say so in their definitions (routes/helpers.ts
 * `takingFiles`); the host's are `uploads.multipartRoutes`.
 */
export function strapiFileRoutes(apiPrefix: string): string[] {
  return [
    `POST ${apiPrefix}/upload`,
    'POST /upload',
    'POST /upload/files',
    'POST /upload/files/:id/replace',
    'POST /admin/project-settings',
  ];
}

/** A route definition as Strapi's router takes it (the parts read here). */
export interface RouteDefinition {
  method: string;
  path: string;
  config?: { middlewares?: unknown[]; prefix?: string };
}

/** A router as handed to Strapi's HTTP server: a typed, prefixed group, or bare routes. */
export type MountedRoutes = RouteDefinition[] | { type?: string; prefix?: string; routes?: RouteDefinition[] };

/**
 * The path Strapi serves a route at, as @strapi/core's server builds it (services/server: index,
 * api, routing): a router of type `content-api` sits under the REST prefix, any other typed router
 * (`admin`) at the root; the router's prefix comes next unless the route has a `config.prefix` of
 * its own, which puts it straight under its API, whatever the value; bare routes sit at the root
 * as written. A trailing slash goes (Koa's router serves "/api/upload/" as "/api/upload").
 */
export function servedPath(apiPrefix: string, mounted: MountedRoutes, route: RouteDefinition): string {
  if (Array.isArray(mounted)) return route.path.replace(/\/+$/, '') || '/';
  const base = mounted.type === 'content-api' ? apiPrefix : '';
  const ownPrefix = route.config !== undefined && Object.prototype.hasOwnProperty.call(route.config, 'prefix');
  const joined = `${base}${ownPrefix ? '' : (mounted.prefix ?? '')}${route.path}`;
  return joined.replace(/\/+$/, '') || '/';
}

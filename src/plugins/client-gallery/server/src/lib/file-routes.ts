/**
 * Which requests may carry files. Multipart bodies are parsed only for these (by the route's own
 * `multipart` middleware, after authentication); a multipart body anywhere else is refused
 * unread, so nobody can park temp files on a route that never takes them.
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

export function fileRouteMatcher(routes: readonly string[]): FileRouteMatcher {
  const compiled = routes.map(compile);
  return (method, path) => compiled.some((route) => route.method === method.toUpperCase() && route.pattern.test(path));
}

/**
 * The routes that take files when Client Galleries is installed: its own ingest (REST, under the
 * host's API prefix and the plugin's rest.prefix) and admin upload, Strapi's Media Library upload
 * for admins, and the admin's project logo. Strapi's content-API upload (`/api/upload`) is not
 * among them: a host that lets its users upload adds it to `multipartRoutes`.
 */
export function defaultFileRoutes(apiPrefix: string, restPrefix: string): string[] {
  return [
    `POST ${apiPrefix}${restPrefix}/gallery-images/ingest`,
    'POST /client-gallery/clients/:documentId/images',
    'POST /upload',
    'POST /upload/files',
    'POST /upload/files/:id/replace',
    'POST /admin/project-settings',
  ];
}

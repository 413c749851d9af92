import type { Core } from '@strapi/strapi';
import { MULTIPART } from '../routes/helpers';

/** Strapi's own routes that take files (lib/file-routes.ts lists the same ones), by router. */
const UPLOAD_ROUTES = new Set(['POST /', 'POST /files', 'POST /files/:id/replace']);
const ADMIN_ROUTES = new Set(['POST /project-settings']);

function addMultipart(routes: any[] | undefined, wanted: Set<string>) {
  for (const route of routes ?? []) {
    if (!wanted.has(`${route.method} ${route.path}`)) continue;
    route.config = route.config ?? {};
    const middlewares = route.config.middlewares ?? [];
    if (!middlewares.includes(MULTIPART)) route.config.middlewares = [MULTIPART, ...middlewares];
  }
}

/**
 * With the plugin's body parser in place, multipart bodies are parsed by a route middleware,
 * after authentication: the Media Library upload (admin) and the project logo get it here,
 * before the routers are built. With the host on `strapi::body` the middleware does nothing.
 */
export function parseFilesOnStrapiFileRoutes(strapi: Core.Strapi) {
  const upload = strapi.plugin('upload') as any;
  addMultipart(upload?.routes?.admin?.routes, UPLOAD_ROUTES);
  addMultipart((strapi as any).admin?.routes?.admin?.routes, ADMIN_ROUTES);
}

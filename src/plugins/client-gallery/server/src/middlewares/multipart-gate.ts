import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { reachesFileRoute } from '../setup/file-routes';
import { refuseUnread } from './unread-body';

/**
 * The gate in front of the host's body parser (config/middlewares: 'plugin::client-gallery.multipart-gate'
 * right before `{ name: 'strapi::body', config: { multipart: false } }`).
 *
 * `strapi::body` alone parses multipart on every request, before routing and authentication:
 * anyone could stream up to the request limit into the OS temp folder on any route, even one
 * that answers 405. With the gate:
 * - a multipart body on a route that takes files passes unread: the route's own `multipart`
 *   middleware parses it after authentication and removes every file it wrote. Those routes are
 *   the ones that got that middleware as they were mounted (setup/file-routes.ts): the plugin's,
 *   Strapi's content-API and Media Library uploads, the project logo, `uploads.multipartRoutes`;
 * - a multipart body anywhere else is refused with 415 before a byte of it is read.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: Next) => {
    if (!ctx.is('multipart') || reachesFileRoute(strapi, ctx.method, ctx.path)) return next();
    return refuseUnread(ctx, 415, 'UnsupportedMediaTypeError', 'This route does not take files');
  };

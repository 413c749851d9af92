import type { Context, Next } from 'koa';
import type { Core } from '@strapi/strapi';
import { defaultFileRoutes, fileRouteMatcher } from '../lib/file-routes';
import { pluginConfig } from '../config';
import { refuseUnread } from './unread-body';

/**
 * The gate in front of the host's body parser (config/middlewares: 'plugin::client-gallery.multipart-gate'
 * right before `{ name: 'strapi::body', config: { multipart: false } }`).
 *
 * `strapi::body` alone parses multipart on every request, before routing and authentication:
 * anyone could stream up to the request limit into the OS temp folder on any route, even one
 * that answers 405. With the gate:
 * - a multipart body on a route that takes files (lib/file-routes.ts) passes unread: the route's
 *   own `multipart` middleware parses it after authentication and removes every file it wrote;
 * - a multipart body anywhere else is refused with 415 before a byte of it is read.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  let takesFiles: ((method: string, path: string) => boolean) | null = null;
  const matcher = () => {
    if (!takesFiles) {
      const { uploads, rest } = pluginConfig(strapi);
      const apiPrefix = (strapi.config.get('api.rest.prefix') as string | undefined) ?? '/api';
      takesFiles = fileRouteMatcher([...defaultFileRoutes(apiPrefix, rest.prefix), ...uploads.multipartRoutes]);
    }
    return takesFiles;
  };

  return async (ctx: Context, next: Next) => {
    if (!ctx.is('multipart') || matcher()(ctx.method, ctx.path)) return next();
    return refuseUnread(ctx, 415, 'UnsupportedMediaTypeError', 'This route does not take files');
  };
};

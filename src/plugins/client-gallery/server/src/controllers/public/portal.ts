import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../../get-service';
import { validatePortalGalleryId } from '../../validation/share';

/** The client portal (users-permissions accounts). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const user = (ctx: Context) => {
    if (!ctx.state.user) throw new errors.UnauthorizedError('Log in with a client account');
    return ctx.state.user;
  };
  return {
    /** GET /api/portal/galleries */
    async galleries(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'portal').galleries(user(ctx)) };
    },

    /** POST /api/portal/galleries/:id/open */
    async open(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'portal').open(user(ctx), validatePortalGalleryId(ctx.params.id)) };
    },
  };
};

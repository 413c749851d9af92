import type { Core } from '@strapi/strapi';
import { errors, validateZodSchema, z } from '@strapi/utils';
import { getService } from '../../get-service';

const galleryId = validateZodSchema(z.string().min(1).max(64));

/** The client portal (users-permissions accounts). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const user = (ctx: any) => {
    if (!ctx.state.user) throw new errors.UnauthorizedError('Log in with a client account');
    return ctx.state.user;
  };
  return {
    /** GET /api/portal/galleries */
    async galleries(ctx) {
      ctx.body = { data: await getService(strapi, 'portal').galleries(user(ctx)) };
    },

    /** POST /api/portal/galleries/:id/open */
    async open(ctx) {
      ctx.body = { data: await getService(strapi, 'portal').open(user(ctx), galleryId(ctx.params.id)) };
    },
  };
};

import type { Context } from 'koa';
import { factories } from '@strapi/strapi';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { validateRestMerge } from '../../validation/admin';

export default factories.createCoreController(UID.clientMerge, ({ strapi }) => ({
  /** POST /api/client-merges: merge client `source` into `target`. */
  async create(ctx: Context) {
    const { data } = validateRestMerge(ctx.request.body);
    const merge = await getService(strapi, 'client-merge').merge(data.source, data.target, 'api');
    ctx.status = 201;
    return { data: merge };
  },

  /** POST /api/client-merges/:id/undo */
  async undo(ctx: Context) {
    return { data: await getService(strapi, 'client-merge').undo(ctx.params.id) };
  },
}));

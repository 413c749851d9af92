import { factories } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const mergeBody = validateZodSchema(
  z.object({ data: z.object({ source: z.string().min(1).max(64), target: z.string().min(1).max(64) }).strict() }).strict(),
);

export default factories.createCoreController(UID.clientMerge, ({ strapi }) => ({
  /** POST /api/client-merges: merge client `source` into `target`. */
  async create(ctx) {
    const { data } = mergeBody(ctx.request.body);
    const merge = await getService(strapi, 'client-merge').merge(data.source, data.target, 'api');
    ctx.status = 201;
    return { data: merge };
  },

  /** POST /api/client-merges/:id/undo */
  async undo(ctx) {
    return { data: await getService(strapi, 'client-merge').undo(ctx.params.id) };
  },
}));

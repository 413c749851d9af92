import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { getService } from '../../get-service';
import { visibleImageSources } from '../../admin/access';

const mergeBody = validateZodSchema(z.object({ source: z.string().min(1).max(64), target: z.string().min(1).max(64) }).strict());
const listQuery = validateZodSchema(z.object({ client: z.string().min(1).max(64).optional() }));

const merges = (strapi: Core.Strapi) => getService(strapi, 'client-merge');

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /client-gallery/merges?client= */
  async list(ctx) {
    const { client } = listQuery(ctx.query);
    ctx.body = { results: await merges(strapi).history(client) };
  },

  /** GET /client-gallery/merges/preview?source=&target=: what a merge would move, per kind; nothing moves. */
  async preview(ctx) {
    const { source, target } = mergeBody(ctx.query);
    ctx.body = { data: await merges(strapi).preview(source, target, visibleImageSources(strapi, ctx.state.userAbility)) };
  },

  /** POST /client-gallery/merges: merge client `source` into `target`. */
  async create(ctx) {
    const { source, target } = mergeBody(ctx.request.body);
    ctx.status = 201;
    ctx.body = { data: await merges(strapi).merge(source, target, 'admin') };
  },

  /** POST /client-gallery/merges/:documentId/undo */
  async undo(ctx) {
    ctx.body = { data: await merges(strapi).undo(ctx.params.documentId) };
  },
});

import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../../get-service';
import { visibleImageSources } from '../../admin/access';
import { validateMerge, validateMergeListQuery } from '../../validation/admin';

const merges = (strapi: Core.Strapi) => getService(strapi, 'client-merge');

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /client-gallery/merges?client= */
  async list(ctx: Context) {
    const { client } = validateMergeListQuery(ctx.query);
    ctx.body = { results: await merges(strapi).history(client) };
  },

  /** GET /client-gallery/merges/preview?source=&target=: what a merge would move, per kind; nothing moves. */
  async preview(ctx: Context) {
    const { source, target } = validateMerge(ctx.query);
    ctx.body = { data: await merges(strapi).preview(source, target, visibleImageSources(strapi, ctx.state.userAbility)) };
  },

  /** POST /client-gallery/merges: merge client `source` into `target`. */
  async create(ctx: Context) {
    const { source, target } = validateMerge(ctx.request.body);
    ctx.status = 201;
    ctx.body = { data: await merges(strapi).merge(source, target, 'admin') };
  },

  /** POST /client-gallery/merges/:documentId/undo */
  async undo(ctx: Context) {
    ctx.body = { data: await merges(strapi).undo(ctx.params.documentId) };
  },
});

import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { staffViewer } from './comparisons';
import { withSignedUrls } from './clients';
import { getService } from '../../get-service';
import { validateMarkupLayers } from '../../validation/admin';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /client-gallery/images/:documentId/markup: the editor's starting layers (draft, or the submitted markup's). */
  async state(ctx: Context) {
    ctx.body = { data: await getService(strapi, 'markup').state(ctx.params.documentId, staffViewer(strapi, ctx)) };
  },

  /** PUT /client-gallery/images/:documentId/markup/draft {layers} */
  async saveDraft(ctx: Context) {
    const { layers } = validateMarkupLayers(ctx.request.body ?? {});
    ctx.body = { data: await getService(strapi, 'markup').saveDraft(ctx.params.documentId, layers, staffViewer(strapi, ctx)) };
  },

  /** DELETE /client-gallery/images/:documentId/markup/draft */
  async discardDraft(ctx: Context) {
    await getService(strapi, 'markup').discardDraft(ctx.params.documentId, staffViewer(strapi, ctx));
    ctx.status = 204;
  },

  /** POST /client-gallery/images/:documentId/markup {layers}: render and keep the final image, paired with its original. */
  async submit(ctx: Context) {
    const { layers } = validateMarkupLayers(ctx.request.body ?? {});
    const documentId = await getService(strapi, 'markup').submit(ctx.params.documentId, layers, staffViewer(strapi, ctx));
    const image = await strapi.db
      .query('plugin::client-gallery.gallery-image')
      .findOne({ where: { documentId }, populate: { file: true, markupOf: { select: ['documentId'] } } });
    ctx.status = 201;
    ctx.body = { data: await withSignedUrls(strapi, image) };
  },
});

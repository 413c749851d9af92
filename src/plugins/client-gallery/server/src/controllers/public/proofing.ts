import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { visitor } from '../../share/visitor';
import { getService } from '../../get-service';
import { validateComment, validateReview } from '../../validation/share';

/**
 * Proofing on the public share API: the selection and its confirmed rounds, comments, review marks. The
 * visitor is resolved by the route's policy; the selection service authorizes on its first line.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const selection = () => getService(strapi, 'selection');
  const comments = () => getService(strapi, 'comment');
  return {
    /** GET /api/share/:token/selection */
    async selection(ctx: Context) {
      ctx.body = { data: await selection().view(visitor(ctx)) };
    },

    /** PUT /api/share/:token/selection/:imageId */
    async select(ctx: Context) {
      ctx.body = { data: await selection().add(visitor(ctx), ctx.params.imageId) };
    },

    /** DELETE /api/share/:token/selection/:imageId */
    async unselect(ctx: Context) {
      ctx.body = { data: await selection().remove(visitor(ctx), ctx.params.imageId) };
    },

    /** POST /api/share/:token/selection/confirm */
    async confirm(ctx: Context) {
      ctx.status = 201;
      ctx.body = { data: await selection().confirm(visitor(ctx)) };
    },

    /** GET /api/share/:token/selection/rounds */
    async rounds(ctx: Context) {
      ctx.body = { data: await selection().visitorRounds(visitor(ctx)) };
    },

    /** GET /api/share/:token/comments (the gallery thread) */
    async galleryComments(ctx: Context) {
      ctx.body = { data: await comments().visitorThread(visitor(ctx), null) };
    },

    /** GET /api/share/:token/images/:imageId/comments */
    async imageComments(ctx: Context) {
      ctx.body = { data: await comments().visitorThread(visitor(ctx), ctx.params.imageId) };
    },

    /** POST /api/share/:token/comments {body} */
    async commentGallery(ctx: Context) {
      const access = visitor(ctx);
      // Authorize before reading the body: a closed channel answers 403 whatever was sent.
      getService(strapi, 'share-access').authorize(access, 'comment');
      const { body } = validateComment(ctx.request.body ?? {});
      ctx.status = 201;
      ctx.body = { data: await comments().post(access, null, body) };
    },

    /** POST /api/share/:token/images/:imageId/comments {body} */
    async commentImage(ctx: Context) {
      const access = visitor(ctx);
      getService(strapi, 'share-access').authorize(access, 'comment');
      const { body } = validateComment(ctx.request.body ?? {});
      ctx.status = 201;
      ctx.body = { data: await comments().post(access, ctx.params.imageId, body) };
    },

    /** GET /api/share/:token/review */
    async review(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'review').visitorMarks(visitor(ctx)) };
    },

    /** PUT /api/share/:token/images/:imageId/review {decision, note?} */
    async markReview(ctx: Context) {
      const access = visitor(ctx);
      getService(strapi, 'share-access').authorize(access, 'review');
      const input = validateReview(ctx.request.body ?? {});
      ctx.body = { data: await getService(strapi, 'review').mark(access, ctx.params.imageId, input.decision, input.note ?? null) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { COMMENT_MAX_LENGTH } from '../../../../shared/proofing';
import { visitor } from '../../share/visitor';
import { getService } from '../../get-service';

/** Plain text: trimmed, not empty, at most COMMENT_MAX_LENGTH, no control characters but line breaks and tabs. */
export const commentBody = z
  .object({
    body: z
      .string()
      .trim()
      .min(1)
      .max(COMMENT_MAX_LENGTH)
      .refine((text) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text), 'control characters are not allowed'),
  })
  .strict();
const commentInput = validateZodSchema(commentBody);
/** The client decides approved, or changes requested (a note then says what); "in review" is the studio's to set. */
const reviewInput = validateZodSchema(
  z.discriminatedUnion('decision', [
    z.object({ decision: z.literal('approved'), note: z.string().trim().max(COMMENT_MAX_LENGTH).nullable().optional() }).strict(),
    z.object({ decision: z.literal('changes-requested'), note: z.string().trim().min(1).max(COMMENT_MAX_LENGTH) }).strict(),
  ]),
);

/**
 * Proofing on the public share API (issue 10): the selection and its confirmed rounds. The
 * visitor is resolved by the route's policy; the selection service authorizes on its first line.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const selection = () => getService(strapi, 'selection');
  const comments = () => getService(strapi, 'comment');
  return {
    /** GET /api/share/:token/selection */
    async selection(ctx) {
      ctx.body = { data: await selection().view(visitor(ctx)) };
    },

    /** PUT /api/share/:token/selection/:imageId */
    async select(ctx) {
      ctx.body = { data: await selection().add(visitor(ctx), ctx.params.imageId) };
    },

    /** DELETE /api/share/:token/selection/:imageId */
    async unselect(ctx) {
      ctx.body = { data: await selection().remove(visitor(ctx), ctx.params.imageId) };
    },

    /** POST /api/share/:token/selection/confirm */
    async confirm(ctx) {
      ctx.status = 201;
      ctx.body = { data: await selection().confirm(visitor(ctx)) };
    },

    /** GET /api/share/:token/selection/rounds */
    async rounds(ctx) {
      ctx.body = { data: await selection().visitorRounds(visitor(ctx)) };
    },

    /** GET /api/share/:token/comments (the gallery thread) */
    async galleryComments(ctx) {
      ctx.body = { data: await comments().visitorThread(visitor(ctx), null) };
    },

    /** GET /api/share/:token/images/:imageId/comments */
    async imageComments(ctx) {
      ctx.body = { data: await comments().visitorThread(visitor(ctx), ctx.params.imageId) };
    },

    /** POST /api/share/:token/comments {body} */
    async commentGallery(ctx) {
      const access = visitor(ctx);
      // Authorize before reading the body: a closed channel answers 403 whatever was sent.
      getService(strapi, 'share-access').authorize(access, 'comment');
      const { body } = commentInput(ctx.request.body ?? {});
      ctx.status = 201;
      ctx.body = { data: await comments().post(access, null, body) };
    },

    /** POST /api/share/:token/images/:imageId/comments {body} */
    async commentImage(ctx) {
      const access = visitor(ctx);
      getService(strapi, 'share-access').authorize(access, 'comment');
      const { body } = commentInput(ctx.request.body ?? {});
      ctx.status = 201;
      ctx.body = { data: await comments().post(access, ctx.params.imageId, body) };
    },

    /** GET /api/share/:token/review */
    async review(ctx) {
      ctx.body = { data: await getService(strapi, 'review').visitorMarks(visitor(ctx)) };
    },

    /** PUT /api/share/:token/images/:imageId/review {decision, note?} */
    async markReview(ctx) {
      const access = visitor(ctx);
      getService(strapi, 'share-access').authorize(access, 'review');
      const input = reviewInput(ctx.request.body ?? {});
      ctx.body = { data: await getService(strapi, 'review').mark(access, ctx.params.imageId, input.decision, input.note ?? null) };
    },
  };
};

import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../../get-service';
import { withSignedUrls } from './clients';
import { visibleImageSources } from '../../admin/access';
import { validateCompareQuery, validateExportQuery, validateReopen, validateReply } from '../../validation/admin';

/** The studio's side of proofing, per share link (admin panel). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const selection = () => getService(strapi, 'selection');
  const comments = () => getService(strapi, 'comment');
  return {
    /** GET /client-gallery/links/:documentId/comments */
    async comments(ctx: Context) {
      ctx.body = { data: await comments().forLink(ctx.params.documentId) };
    },

    /** POST /client-gallery/links/:documentId/comments {body, imageId?}: the studio replies in the link's thread. */
    async reply(ctx: Context) {
      const { body, imageId } = validateReply(ctx.request.body ?? {});
      const user = ctx.state.user;
      const name = user ? [user.firstname, user.lastname].filter(Boolean).join(' ') : null;
      ctx.status = 201;
      ctx.body = { data: await comments().reply(ctx.params.documentId, imageId ?? null, body, name) };
    },

    /** GET /client-gallery/galleries/:documentId/proofing: per recipient, favourites, selection and rounds, comments, review marks. */
    async overview(ctx: Context) {
      const { photoRows, ...overview } = await getService(strapi, 'proofing').galleryOverview(ctx.params.documentId);
      // As on the Photos tab: a photo from a kind of record this staff member may not read shows no picture.
      const sources: string[] = visibleImageSources(strapi, ctx.state.userAbility);
      const shown = await Promise.all(photoRows.filter((row) => sources.includes(row.source)).map((row) => withSignedUrls(strapi, row)));
      ctx.body = { data: { ...overview, photos: Object.fromEntries(shown.map((photo) => [photo.documentId, photo])) } };
    },

    /** GET /client-gallery/links/:documentId/export?list=selection|favourites&format=csv|filenames|lightroom&round= */
    async export(ctx: Context) {
      const { list, format, round } = validateExportQuery(ctx.query);
      const out = await getService(strapi, 'proofing').export(ctx.params.documentId, list, format, round);
      ctx.set('Content-Type', out.contentType);
      ctx.set('Content-Disposition', `attachment; filename="${out.fileName}"`);
      ctx.body = out.body;
    },

    /** GET /client-gallery/links/:documentId/review: the checklist of review marks. */
    async review(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'review').forLink(ctx.params.documentId) };
    },

    /** POST /client-gallery/links/:documentId/review/:imageId/in-review: a new version is up. */
    async setInReview(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'review').setInReview(ctx.params.documentId, ctx.params.imageId) };
    },

    /** GET /client-gallery/links/:documentId/selection */
    async selection(ctx: Context) {
      ctx.body = { data: await selection().forLink(ctx.params.documentId) };
    },

    /** POST /client-gallery/links/:documentId/selection/reopen {reason} */
    async reopen(ctx: Context) {
      const { reason } = validateReopen(ctx.request.body ?? {});
      ctx.body = { data: await selection().reopen(ctx.params.documentId, reason) };
    },

    /** GET /client-gallery/links/:documentId/selection/compare?from=&to= */
    async compare(ctx: Context) {
      const { from, to } = validateCompareQuery(ctx.query);
      ctx.body = { data: await selection().compare(ctx.params.documentId, from, to) };
    },
  };
};

import type { Context } from 'koa';
import { factories } from '@strapi/strapi';
import { validateRestCreateLink, validateRestLinkSettings, validateRestShareWithClient } from '../../validation/admin';
import { galleryPageUrl } from '../../share/urls';
import { UID } from '../../uids';
import { getService, type Services } from '../../get-service';

/** The studio's REST side of share links. A token appears in exactly one response: the one that made it. */
export default factories.createCoreController(UID.shareLink, ({ strapi }) => {
  const links = () => getService(strapi, 'share-link');
  const issued = async (result: { link: Parameters<Services['share-link']['toAdmin']>[0]; token: string }, extra: Record<string, unknown> = {}) => ({
    data: links().toAdmin(result.link),
    meta: { token: result.token, url: await links().pageUrl(result.token), ...extra },
  });

  return {
    /** POST /api/share-links {data: {gallery, kind, recipientEmail?, …settings, password?}} */
    async createLink(ctx: Context) {
      const { data } = validateRestCreateLink(ctx.request.body);
      const { gallery, ...input } = data;
      ctx.status = 201;
      ctx.body = await issued(await links().createLink(gallery, input));
    },

    /** PUT /api/share-links/:documentId {data: settings} */
    async updateSettings(ctx: Context) {
      const { data } = validateRestLinkSettings(ctx.request.body);
      ctx.body = { data: links().toAdmin(await links().updateSettings(ctx.params.documentId, data)) };
    },

    /** POST /api/share-links/:documentId/revoke */
    async revoke(ctx: Context) {
      ctx.body = { data: links().toAdmin(await links().revoke(ctx.params.documentId)) };
    },

    /** POST /api/share-links/:documentId/regenerate */
    async regenerate(ctx: Context) {
      ctx.body = await issued(await links().regenerate(ctx.params.documentId));
    },

    /** POST /api/share-links/share-with-client {data: {gallery, email, name?, …settings}} */
    async shareWithClient(ctx: Context) {
      const { data } = validateRestShareWithClient(ctx.request.body);
      const { gallery, ...input } = data;
      const result = await getService(strapi, 'invitation').shareWithClient(gallery, input);
      ctx.status = 201;
      ctx.body = await issued(result, { invitation: { sent: result.sent, error: result.error } });
    },

    /** POST /api/share-links/:documentId/invitation/retry */
    async retryInvitation(ctx: Context) {
      const result = await getService(strapi, 'invitation').retry(ctx.params.documentId);
      ctx.body = await issued(result, { invitation: { sent: result.sent, error: result.error } });
    },
  };
});

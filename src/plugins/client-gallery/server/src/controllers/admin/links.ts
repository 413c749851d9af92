import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService, type Services } from '../../get-service';
import { validateCreateLink, validateLinkSettings, validateShareWithClient } from '../../validation/admin';

type AdminLinkRow = Parameters<Services['share-link']['toAdmin']>[0];

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const links = () => getService(strapi, 'share-link');
  const issued = (result: { link: AdminLinkRow; token: string; url?: string; sent?: boolean; error?: string | null }) => ({
    data: links().toAdmin(result.link),
    // Shown once: only its hash is kept.
    meta: { token: result.token, ...(result.sent !== undefined ? { invitation: { sent: result.sent, error: result.error ?? null } } : {}) },
  });

  return {
    /** GET /client-gallery/galleries/:documentId/links */
    async list(ctx: Context) {
      const rows = await links().listForGallery(ctx.params.documentId);
      ctx.body = { data: rows.map((row: AdminLinkRow) => links().toAdmin(row)) };
    },

    /** GET /client-gallery/links/:documentId */
    async findOne(ctx: Context) {
      ctx.body = { data: links().toAdmin(await links().requireLink(ctx.params.documentId)) };
    },

    /** POST /client-gallery/galleries/:documentId/links */
    async create(ctx: Context) {
      const input = validateCreateLink(ctx.request.body);
      ctx.status = 201;
      ctx.body = issued(await links().createLink(ctx.params.documentId, input));
    },

    /** PUT /client-gallery/links/:documentId */
    async update(ctx: Context) {
      ctx.body = { data: links().toAdmin(await links().updateSettings(ctx.params.documentId, validateLinkSettings(ctx.request.body))) };
    },

    /** POST /client-gallery/links/:documentId/revoke */
    async revoke(ctx: Context) {
      ctx.body = { data: links().toAdmin(await links().revoke(ctx.params.documentId)) };
    },

    /** POST /client-gallery/links/:documentId/regenerate */
    async regenerate(ctx: Context) {
      ctx.body = issued(await links().regenerate(ctx.params.documentId));
    },

    /** POST /client-gallery/galleries/:documentId/share-with-client {email, name?, …settings} */
    async shareWithClient(ctx: Context) {
      const input = validateShareWithClient(ctx.request.body);
      ctx.status = 201;
      ctx.body = issued(await getService(strapi, 'invitation').shareWithClient(ctx.params.documentId, input));
    },

    /** POST /client-gallery/links/:documentId/invitation/retry */
    async retryInvitation(ctx: Context) {
      ctx.body = issued(await getService(strapi, 'invitation').retry(ctx.params.documentId));
    },
  };
};

import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../../get-service';
import { validateMailPreviewBody, validateMailTemplateKind } from '../../validation/admin';

/** The studio's Mails settings page: the templates, a preview of each, and the studio's wording. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const templates = () => getService(strapi, 'mail-templates');
  return {
    /** GET /client-gallery/mail-templates */
    async list(ctx: Context) {
      ctx.body = { data: await templates().list() };
    },

    /** GET /client-gallery/mail-templates/:kind/preview: with the saved wording. */
    async savedPreview(ctx: Context) {
      ctx.body = { data: await templates().preview(validateMailTemplateKind(ctx.params.kind)) };
    },

    /** POST /client-gallery/mail-templates/:kind/preview {subject?, intro?}: with wording not saved yet. */
    async preview(ctx: Context) {
      const kind = validateMailTemplateKind(ctx.params.kind);
      ctx.body = { data: await templates().preview(kind, validateMailPreviewBody(kind, ctx.request.body)) };
    },

    /** PUT /client-gallery/mail-templates/:kind {subject?: string | null, intro?: string | null} */
    async save(ctx: Context) {
      const kind = validateMailTemplateKind(ctx.params.kind);
      ctx.body = { data: await templates().save(kind, ctx.request.body ?? {}) };
    },

    /** DELETE /client-gallery/mail-templates/:kind: the template's default subject and intro again. */
    async reset(ctx: Context) {
      ctx.body = { data: await templates().reset(validateMailTemplateKind(ctx.params.kind)) };
    },
  };
};

import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../../get-service';
import { validateDesign, validateDesignPreview } from '../../validation/watermarks';

/** The watermark designer (Settings › Client galleries › Watermarks), behind the settings permission. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const designs = () => getService(strapi, 'watermark-design');
  return {
    /** GET /client-gallery/watermark-designs */
    async list(ctx: Context) {
      ctx.body = await designs().list();
    },

    /** GET /client-gallery/watermark-designs/choices: names for the gallery form (View). */
    async choices(ctx: Context) {
      ctx.body = { results: await designs().choices() };
    },

    /** POST /client-gallery/watermark-designs */
    async create(ctx: Context) {
      ctx.status = 201;
      ctx.body = { data: await designs().createDesign(validateDesign(ctx.request.body ?? {})) };
    },

    /** PUT /client-gallery/watermark-designs/:documentId */
    async update(ctx: Context) {
      ctx.body = { data: await designs().updateDesign(ctx.params.documentId, validateDesign(ctx.request.body ?? {})) };
    },

    /** DELETE /client-gallery/watermark-designs/:documentId */
    async remove(ctx: Context) {
      await designs().removeDesign(ctx.params.documentId);
      ctx.status = 204;
    },

    /** POST /client-gallery/watermark-designs/:documentId/default */
    async setDefault(ctx: Context) {
      ctx.body = { data: await designs().setDefault(ctx.params.documentId) };
    },

    /** POST /client-gallery/watermark-designs/logo (multipart: file) */
    async uploadLogo(ctx: Context) {
      const file = ctx.request.files?.file;
      const one = (Array.isArray(file) ? file[0] : file) as { filepath: string; size: number } | undefined;
      ctx.status = 201;
      ctx.body = { data: await designs().storeLogo(one) };
    },

    /** POST /client-gallery/watermark-designs/preview: the form's design on the sample photo, as a JPEG. */
    async preview(ctx: Context) {
      ctx.type = 'image/jpeg';
      ctx.body = await designs().preview(validateDesignPreview(ctx.request.body ?? {}));
    },
  };
};

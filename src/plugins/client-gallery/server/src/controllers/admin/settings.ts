import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../../get-service';
import { validateTestMail } from '../../validation/admin';

/** The settings page: the studio's settings, its logo and a test mail (every route needs "Manage client gallery settings"). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'studio-settings');
  /** The merged settings and which keys are the studio's own (the rest are the file config's). */
  const answer = async () => ({ data: await settings().studio(), meta: { saved: await settings().savedKeys() } });

  return {
    /** GET /client-gallery/settings */
    async find(ctx: Context) {
      ctx.body = await answer();
    },

    /** PUT /client-gallery/settings: a value sets a key, null puts the file config's back; 400 names each bad field. */
    async update(ctx: Context) {
      await settings().save(ctx.request.body ?? {}, { fromPage: true });
      ctx.body = await answer();
    },

    /** POST /client-gallery/settings/test-mail {to?}: the mail server's answer, ok or its error. */
    async testMail(ctx: Context) {
      const { to } = validateTestMail(ctx.request.body ?? {});
      ctx.body = { data: await getService(strapi, 'test-mail').send(to) };
    },

    /** POST /client-gallery/settings/logo (multipart: logo) */
    async uploadLogo(ctx: Context) {
      const files = ctx.request.files?.logo;
      await getService(strapi, 'brand-logo').replace((Array.isArray(files) ? files[0] : files) as never);
      ctx.body = await answer();
    },

    /** DELETE /client-gallery/settings/logo */
    async removeLogo(ctx: Context) {
      await getService(strapi, 'brand-logo').remove();
      ctx.body = await answer();
    },

    /** GET /client-gallery/link-defaults: what the link form starts a new link with (View is enough). */
    async linkDefaults(ctx: Context) {
      ctx.body = { data: (await settings().studio()).linkDefaults };
    },
  };
};

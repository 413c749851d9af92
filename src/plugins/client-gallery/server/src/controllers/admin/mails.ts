import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../../get-service';
import { validateMailListQuery } from '../../validation/admin';

/** The studio's view of the outbox: which mails failed or wait, and "send again". Never a body. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const outbox = () => getService(strapi, 'mail-outbox');
  return {
    /** GET /client-gallery/mails?status=unsent|failed|pending|sent|cancelled&limit=&offset= */
    async list(ctx: Context) {
      const { status, ...page } = validateMailListQuery(ctx.query);
      const { mails, total } = await outbox().list({ status: status === 'unsent' ? ['failed', 'pending'] : [status], ...page });
      ctx.body = { data: mails, meta: { total } };
    },

    /** POST /client-gallery/mails/:id/resend */
    async resend(ctx: Context) {
      ctx.body = { data: await outbox().resend(ctx.params.id) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { getService } from '../../get-service';

const listQuery = validateZodSchema(
  z.object({
    status: z.enum(['failed', 'pending', 'sent', 'cancelled', 'unsent']).default('unsent'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100000).default(0),
  }),
);

/** The studio's view of the outbox: which mails failed or wait, and "send again". Never a body. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const outbox = () => getService(strapi, 'mail-outbox');
  return {
    /** GET /client-gallery/mails?status=unsent|failed|pending|sent|cancelled&limit=&offset= */
    async list(ctx) {
      const { status, ...page } = listQuery(ctx.query);
      const { mails, total } = await outbox().list({ status: status === 'unsent' ? ['failed', 'pending'] : [status], ...page });
      ctx.body = { data: mails, meta: { total } };
    },

    /** POST /client-gallery/mails/:id/resend */
    async resend(ctx) {
      ctx.body = { data: await outbox().resend(ctx.params.id) };
    },
  };
};

import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { getService } from '../../get-service';

const pageQuery = validateZodSchema(
  z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), offset: z.coerce.number().int().min(0).max(100000).default(0) }),
);
const notificationsQuery = validateZodSchema(
  z.object({
    unread: z.enum(['true', 'false']).default('true'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(100000).default(0),
  }),
);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const activity = () => getService(strapi, 'activity');
  return {
    /** GET /client-gallery/clients/:documentId/activity?limit=&offset= */
    async forClient(ctx) {
      ctx.body = { data: await activity().forClient(ctx.params.documentId, pageQuery(ctx.query)) };
    },

    /** GET /client-gallery/links/:documentId/activity?limit=&offset= */
    async forLink(ctx) {
      ctx.body = { data: await activity().forLink(ctx.params.documentId, pageQuery(ctx.query)) };
    },

    /** GET /client-gallery/notifications?unread=true|false */
    async notifications(ctx) {
      const { unread, ...page } = notificationsQuery(ctx.query);
      ctx.body = { data: await activity().notifications({ unreadOnly: unread === 'true', ...page }) };
    },

    /** POST /client-gallery/notifications/:documentId/read */
    async markRead(ctx) {
      ctx.body = { data: await activity().markRead(ctx.params.documentId) };
    },
  };
};

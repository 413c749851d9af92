import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../../get-service';
import { validateNotificationsQuery, validatePageQuery } from '../../validation/admin';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const activity = () => getService(strapi, 'activity');
  return {
    /** GET /client-gallery/clients/:documentId/activity?limit=&offset= */
    async forClient(ctx: Context) {
      ctx.body = { data: await activity().forClient(ctx.params.documentId, validatePageQuery(ctx.query)) };
    },

    /** GET /client-gallery/links/:documentId/activity?limit=&offset= */
    async forLink(ctx: Context) {
      ctx.body = { data: await activity().forLink(ctx.params.documentId, validatePageQuery(ctx.query)) };
    },

    /** GET /client-gallery/notifications?unread=true|false */
    async notifications(ctx: Context) {
      const { unread, ...page } = validateNotificationsQuery(ctx.query);
      ctx.body = { data: await activity().notifications({ unreadOnly: unread === 'true', ...page }) };
    },

    /** POST /client-gallery/notifications/:documentId/read */
    async markRead(ctx: Context) {
      ctx.body = { data: await activity().markRead(ctx.params.documentId) };
    },
  };
};

import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { getService } from '../../get-service';
import { countsCsv } from '../../lib/counts-export';
import { contentDisposition } from '../../lib/file-names';
import { validateCountsQuery, validateDashboardQuery } from '../../validation/admin';
import { utcDay } from '../../lib/activity-counts';

/** The studio's dashboard and the counts per gallery and client (JSON, or CSV with `?format=csv`). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const stats = () => getService(strapi, 'link-stats');

  function answer(ctx: Context, counts: Awaited<ReturnType<ReturnType<typeof stats>['forGallery']>>, name: string, format: 'json' | 'csv') {
    if (format === 'json') {
      ctx.body = counts;
      return;
    }
    ctx.set('Content-Type', 'text/csv; charset=utf-8');
    ctx.set('Content-Disposition', contentDisposition(`counts-${name}-${utcDay(new Date())}.csv`));
    ctx.body = countsCsv(counts.data);
  }

  return {
    /** GET /client-gallery/dashboard?deadlineDays= */
    async overview(ctx: Context) {
      ctx.body = await getService(strapi, 'dashboard').overview(validateDashboardQuery(ctx.query));
    },

    /** GET /client-gallery/galleries/:documentId/counts?format=json|csv */
    async forGallery(ctx: Context) {
      const { format } = validateCountsQuery(ctx.query);
      answer(ctx, await stats().forGallery(ctx.params.documentId), `gallery-${ctx.params.documentId}`, format);
    },

    /** GET /client-gallery/clients/:documentId/counts?format=json|csv */
    async forClient(ctx: Context) {
      const { format } = validateCountsQuery(ctx.query);
      answer(ctx, await stats().forClient(ctx.params.documentId), `client-${ctx.params.documentId}`, format);
    },
  };
};

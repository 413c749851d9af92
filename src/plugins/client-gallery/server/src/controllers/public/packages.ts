import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { streamBody } from '../../lib/stream-body';
import { whenSent } from '../../lib/when-sent';
import { visitor } from '../../share/visitor';
import { getService } from '../../get-service';
import { validatePackageOrder } from '../../validation/share';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const packages = () => getService(strapi, 'download-package');

  return {
    /** POST /api/share/:token/packages {resolution, imageIds?} */
    async create(ctx: Context) {
      const body = validatePackageOrder(ctx.request.body ?? {});
      ctx.status = 202;
      ctx.body = { data: await packages().order(visitor(ctx), body) };
    },

    /**
     * GET /api/packages/:packageToken: the zip, with its exact Content-Length, an ETag, and
     * Range / If-Range (a broken download resumes). HEAD: the same headers, and no work.
     */
    async open(ctx: Context) {
      const zip = await getService(strapi, 'package-delivery').serve(ctx.params.packageToken, { method: ctx.method, range: ctx.get('Range') || undefined, ifRange: ctx.get('If-Range') || undefined });
      ctx.status = zip.status;
      ctx.set(zip.headers);
      if (!zip.body) {
        if (zip.status === 416) ctx.body = '';
        return;
      }
      if (zip.completes) {
        // A counted download that is never marked would be a silent error: logged as one.
        whenSent(ctx.res, zip.delivered, (error) => strapi.log.error(`package: recording a delivery failed: ${error.message}`));
      }
      streamBody(ctx, zip.body, strapi.log);
    },

    /** GET /api/packages/:packageToken/status: preparation progress and, once ready, the size. */
    async status(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'package-delivery').status(ctx.params.packageToken) };
    },
  };
};

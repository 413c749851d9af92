import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { streamBody } from '../../lib/stream-body';
import { whenSent } from '../../lib/when-sent';
import { visitor } from '../../share/visitor';
import { getService } from '../../get-service';

const packageBody = validateZodSchema(
  z
    .object({
      resolution: z.enum(['web', 'high', 'original']),
      imageIds: z.array(z.string().min(1).max(64)).min(1).max(10000).optional(),
    })
    .strict(),
);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const packages = () => getService(strapi, 'download-package');

  return {
    /** POST /api/share/:token/packages {resolution, imageIds?} */
    async create(ctx) {
      const body = packageBody(ctx.request.body ?? {});
      ctx.status = 202;
      ctx.body = { data: await packages().order(visitor(ctx), body) };
    },

    /**
     * GET /api/packages/:packageToken: the zip, with its exact Content-Length, an ETag, and
     * Range / If-Range (a broken download resumes). HEAD: the same headers, and no work.
     */
    async open(ctx) {
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
    async status(ctx) {
      ctx.body = { data: await getService(strapi, 'package-delivery').status(ctx.params.packageToken) };
    },
  };
};

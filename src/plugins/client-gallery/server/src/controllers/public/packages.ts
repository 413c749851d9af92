import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { streamBody } from '../../lib/stream-body';
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

    /** GET /api/packages/:packageToken: the zip, streamed (HEAD: headers only, no zip is built). */
    async open(ctx) {
      if (ctx.method === 'HEAD') {
        ctx.set((await packages().check(ctx.params.packageToken)).headers);
        ctx.status = 200;
        return;
      }
      const zip = await packages().open(ctx.params.packageToken);
      ctx.set(zip.headers);
      streamBody(ctx, zip.body, strapi.log);
    },
  };
};

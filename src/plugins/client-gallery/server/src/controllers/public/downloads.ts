import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { streamBody } from '../../lib/stream-body';
import { whenSent } from '../../lib/when-sent';
import { visitor } from '../../share/visitor';
import { getService } from '../../get-service';
import { validateDownloadList, validateDownloadQuery } from '../../validation/share';

/** The download manager and single downloads for link visitors (DESIGN.md, public share API). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const manager = () => getService(strapi, 'download-manager');

  return {
    /** GET /api/share/:token/downloads */
    async view(ctx: Context) {
      ctx.body = { data: await manager().view(visitor(ctx)) };
    },

    /** POST /api/share/:token/downloads {imageIds} */
    async add(ctx: Context) {
      const { imageIds } = validateDownloadList(ctx.request.body ?? {});
      ctx.body = { data: await manager().add(visitor(ctx), imageIds) };
    },

    /** DELETE /api/share/:token/downloads/:imageId */
    async remove(ctx: Context) {
      ctx.body = { data: await manager().remove(visitor(ctx), ctx.params.imageId) };
    },

    /** GET /api/share/:token/images/:imageId/download?resolution= (HEAD: headers only, nothing counted) */
    async single(ctx: Context) {
      const { resolution } = validateDownloadQuery(ctx.query);
      if (ctx.method === 'HEAD') {
        ctx.set(await getService(strapi, 'delivery').head(visitor(ctx), ctx.params.imageId, resolution));
        ctx.status = 200;
        return;
      }
      const download = await getService(strapi, 'delivery').single(visitor(ctx), ctx.params.imageId, resolution, { range: ctx.get('Range') || undefined, ifRange: ctx.get('If-Range') || undefined });
      ctx.status = download.status;
      ctx.set(download.headers);
      if (!download.stream) {
        ctx.body = '';
        return;
      }
      if (download.completes) {
        // A counted download that is never marked would be a silent error: logged as one.
        whenSent(ctx.res, download.delivered, (error) => strapi.log.error(`download: recording a delivery failed: ${error.message}`));
      }
      streamBody(ctx, download.stream, strapi.log);
    },
  };
};

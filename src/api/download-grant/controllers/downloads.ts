import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { streamBody } from '../../../lib/stream-body';
import { visitorAccess } from '../../share-link/visitor';

const imageIdsBody = validateZodSchema(z.object({ imageIds: z.array(z.string().min(1).max(64)).min(1).max(1000) }).strict());
const downloadQuery = validateZodSchema(z.object({ resolution: z.enum(['web', 'high', 'original']).default('web') }).strict());

/** The download manager and single downloads for link visitors (DESIGN.md, public share API). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const manager = () => strapi.service('api::download-grant.download-manager');

  return {
    /** GET /api/share/:token/downloads */
    async view(ctx) {
      ctx.body = { data: await manager().view(await visitorAccess(strapi, ctx)) };
    },

    /** POST /api/share/:token/downloads {imageIds} */
    async add(ctx) {
      const { imageIds } = imageIdsBody(ctx.request.body ?? {});
      ctx.body = { data: await manager().add(await visitorAccess(strapi, ctx), imageIds) };
    },

    /** DELETE /api/share/:token/downloads/:imageId */
    async remove(ctx) {
      ctx.body = { data: await manager().remove(await visitorAccess(strapi, ctx), ctx.params.imageId) };
    },

    /** GET /api/share/:token/images/:imageId/download?resolution= */
    async single(ctx) {
      const { resolution } = downloadQuery(ctx.query);
      const download = await strapi.service('api::download-grant.delivery').single(await visitorAccess(strapi, ctx), ctx.params.imageId, resolution);
      ctx.set(download.headers);
      ctx.res.once('finish', () => {
        download.delivered().catch((error: Error) => strapi.log.warn(`download: recording a delivery failed: ${error.message}`));
      });
      streamBody(ctx, download.stream);
    },
  };
};

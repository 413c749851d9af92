import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { toAdminGallery } from '../../admin/mappers';
import { contentDisposition } from '../../lib/file-names';
import { streamBody } from '../../lib/stream-body';
import { staffViewer } from './comparisons';
import { getService } from '../../get-service';
import { validateBatchAddToGallery, validateBatchLabel, validateBatchPhotos } from '../../validation/admin';

/** Several photos of one client at once, from the Photos page. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const batch = () => getService(strapi, 'photo-batch');

  return {
    /** POST /client-gallery/images/batch/label {imageIds, label}: `""` or null clears it. */
    async label(ctx: Context) {
      const body = validateBatchLabel(ctx.request.body ?? {});
      ctx.body = { data: await batch().setLabel(body.imageIds, body.label || null, staffViewer(strapi, ctx)) };
    },

    /** POST /client-gallery/images/batch/delete {imageIds} */
    async remove(ctx: Context) {
      ctx.body = { data: await batch().remove(validateBatchPhotos(ctx.request.body ?? {}).imageIds, staffViewer(strapi, ctx)) };
    },

    /** POST /client-gallery/images/batch/add-to-gallery {imageIds, galleryId} */
    async addToGallery(ctx: Context) {
      const body = validateBatchAddToGallery(ctx.request.body ?? {});
      ctx.body = { data: toAdminGallery(await batch().addToGallery(body.imageIds, body.galleryId, staffViewer(strapi, ctx))) };
    },

    /** POST /client-gallery/images/batch/zip {imageIds}: the originals as one zip, streamed. */
    async zip(ctx: Context) {
      const { body, fileName } = await batch().zip(validateBatchPhotos(ctx.request.body ?? {}).imageIds, staffViewer(strapi, ctx));
      ctx.set('Content-Disposition', contentDisposition(fileName));
      ctx.type = 'application/zip';
      // A zip that fails midway (an original missing) is cut off, never left hanging open.
      streamBody(ctx, body, strapi.log);
    },
  };
};

import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { toAdminGallery } from '../../admin/mappers';
import { contentDisposition } from '../../lib/file-names';
import { streamBody } from '../../lib/stream-body';
import { staffViewer } from './comparisons';
import { getService } from '../../get-service';

const imageIds = z.array(z.string().min(1).max(64)).min(1).max(1000);
const labelBody = validateZodSchema(z.object({ imageIds, label: z.string().trim().max(120).nullable() }).strict());
const idsBody = validateZodSchema(z.object({ imageIds }).strict());
const galleryBody = validateZodSchema(z.object({ imageIds, galleryId: z.string().min(1).max(64) }).strict());

/** Several photos of one client at once, from the Photos page. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const batch = () => getService(strapi, 'photo-batch');

  return {
    /** POST /client-gallery/images/batch/label {imageIds, label}: `""` or null clears it. */
    async label(ctx) {
      const body = labelBody(ctx.request.body ?? {});
      ctx.body = { data: await batch().setLabel(body.imageIds, body.label || null, staffViewer(strapi, ctx)) };
    },

    /** POST /client-gallery/images/batch/delete {imageIds} */
    async remove(ctx) {
      ctx.body = { data: await batch().remove(idsBody(ctx.request.body ?? {}).imageIds, staffViewer(strapi, ctx)) };
    },

    /** POST /client-gallery/images/batch/add-to-gallery {imageIds, galleryId} */
    async addToGallery(ctx) {
      const body = galleryBody(ctx.request.body ?? {});
      ctx.body = { data: toAdminGallery(await batch().addToGallery(body.imageIds, body.galleryId, staffViewer(strapi, ctx))) };
    },

    /** POST /client-gallery/images/batch/zip {imageIds}: the originals as one zip, streamed. */
    async zip(ctx) {
      const { body, fileName } = await batch().zip(idsBody(ctx.request.body ?? {}).imageIds, staffViewer(strapi, ctx));
      ctx.set('Content-Disposition', contentDisposition(fileName));
      ctx.type = 'application/zip';
      // A zip that fails midway (an original missing) is cut off, never left hanging open.
      streamBody(ctx, body, strapi.log);
    },
  };
};

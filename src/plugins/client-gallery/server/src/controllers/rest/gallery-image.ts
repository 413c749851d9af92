import type { Context } from 'koa';
import { factories } from '@strapi/strapi';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { validateRestIngest, validateRestPhotoUpdate } from '../../validation/admin';

export default factories.createCoreController(UID.galleryImage, ({ strapi }) => ({
  /** PUT /api/gallery-images/:id {data: {label?, takenAt?}}: nothing else of a photo is editable over REST. */
  async update(ctx: Context) {
    const { data } = validateRestPhotoUpdate(ctx.request.body ?? {});
    const image = await getService(strapi, 'gallery-image').updateDetails(ctx.params.id, { ...data, label: data.label === '' ? null : data.label });
    ctx.body = { data: image };
  },

  /** POST /api/gallery-images/ingest (multipart: client, label?, files[]) */
  async ingest(ctx: Context) {
    const { client, label } = validateRestIngest(ctx.request.body ?? {});
    const ingest = getService(strapi, 'ingest');
    const { results } = await ingest.ingest({ clientDocumentId: client, label, files: ingest.photosFromMultipart(ctx.request.files?.files) });
    ctx.status = results.some((r) => r.status === 'created') ? 201 : 200;
    ctx.body = { results };
  },
}));

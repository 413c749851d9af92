import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { withSignedUrls } from './clients';
import { staffViewer } from './comparisons';
import { contentDisposition } from '../../lib/file-names';
import { getService } from '../../get-service';
import { validatePhotoLabel, validatePhotoUpload } from '../../validation/admin';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /client-gallery/clients/:documentId/images (multipart: files[], label?) */
  async upload(ctx: Context) {
    const { label } = validatePhotoUpload(ctx.request.body ?? {});
    const ingest = getService(strapi, 'ingest');
    const { results } = await ingest.ingest({ clientDocumentId: ctx.params.documentId, label, files: ingest.photosFromMultipart(ctx.request.files?.files) });
    ctx.status = results.some((r) => r.status === 'created') ? 201 : 200;
    ctx.body = { results };
  },

  /** PUT /client-gallery/images/:documentId {label} */
  async update(ctx: Context) {
    const { label } = validatePhotoLabel(ctx.request.body ?? {});
    const image = await getService(strapi, 'gallery-image').setLabel(ctx.params.documentId, label || null);
    ctx.body = { data: await withSignedUrls(strapi, image) };
  },

  /** GET /client-gallery/images/:documentId/original: the stored original, streamed, recorded as staff activity. */
  async original(ctx: Context) {
    const download = await getService(strapi, 'staff-download').original(ctx.params.documentId, staffViewer(strapi, ctx));
    ctx.set('Content-Disposition', contentDisposition(download.fileName));
    if (download.size) ctx.length = download.size;
    ctx.type = download.mime;
    ctx.body = download.body;
  },

  /** DELETE /client-gallery/images/:documentId: the image, its original and every derivative. */
  async remove(ctx: Context) {
    await getService(strapi, 'gallery-image').remove(ctx.params.documentId);
    ctx.status = 204;
  },
});

import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { withSignedUrls } from './clients';
import { staffViewer } from './comparisons';
import { contentDisposition } from '../../lib/file-names';
import { getService } from '../../get-service';

const uploadBody = validateZodSchema(z.object({ label: z.string().trim().min(1).max(120).optional() }));
/** An empty label clears it. */
const labelBody = validateZodSchema(z.object({ label: z.string().trim().max(120).nullable() }).strict());

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /client-gallery/clients/:documentId/images (multipart: files[], label?) */
  async upload(ctx) {
    const { label } = uploadBody(ctx.request.body ?? {});
    const ingest = getService(strapi, 'ingest');
    const { results } = await ingest.ingest({ clientDocumentId: ctx.params.documentId, label, files: ingest.photosFromMultipart(ctx.request.files?.files) });
    ctx.status = results.some((r) => r.status === 'created') ? 201 : 200;
    ctx.body = { results };
  },

  /** PUT /client-gallery/images/:documentId {label} */
  async update(ctx) {
    const { label } = labelBody(ctx.request.body ?? {});
    const image = await getService(strapi, 'gallery-image').setLabel(ctx.params.documentId, label || null);
    ctx.body = { data: await withSignedUrls(strapi, image) };
  },

  /** GET /client-gallery/images/:documentId/original: the stored original, streamed, recorded as staff activity. */
  async original(ctx) {
    const download = await getService(strapi, 'staff-download').original(ctx.params.documentId, staffViewer(strapi, ctx));
    ctx.set('Content-Disposition', contentDisposition(download.fileName));
    if (download.size) ctx.length = download.size;
    ctx.type = download.mime;
    ctx.body = download.body;
  },

  /** DELETE /client-gallery/images/:documentId: the image, its original and every derivative. */
  async remove(ctx) {
    await getService(strapi, 'gallery-image').remove(ctx.params.documentId);
    ctx.status = 204;
  },
});

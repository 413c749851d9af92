import { factories } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const ingestBody = validateZodSchema(
  z.object({
    client: z.string().min(1).max(64),
    label: z.string().trim().min(1).max(120).optional(),
  }),
);

export default factories.createCoreController(UID.galleryImage, ({ strapi }) => ({
  /** POST /api/gallery-images/ingest (multipart: client, label?, files[]) */
  async ingest(ctx) {
    const { client, label } = ingestBody(ctx.request.body ?? {});
    const ingest = getService(strapi, 'ingest');
    const { results } = await ingest.ingest({ clientDocumentId: client, label, files: ingest.photosFromMultipart(ctx.request.files?.files) });
    ctx.status = results.some((r) => r.status === 'created') ? 201 : 200;
    ctx.body = { results };
  },
}));

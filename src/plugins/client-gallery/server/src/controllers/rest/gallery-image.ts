import { factories } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { UID } from '../../uids';
import { getService } from '../../get-service';

/** A studio may edit a photo's label and capture date over REST; everything else is the ingest's. */
const updateBody = validateZodSchema(
  z
    .object({
      data: z
        .object({
          label: z.string().trim().max(120).nullable().optional(),
          takenAt: z.string().datetime({ offset: true }).optional(),
        })
        .strict(),
    })
    .strict(),
);

const ingestBody = validateZodSchema(
  z.object({
    client: z.string().min(1).max(64),
    label: z.string().trim().min(1).max(120).optional(),
  }),
);

export default factories.createCoreController(UID.galleryImage, ({ strapi }) => ({
  /** PUT /api/gallery-images/:id {data: {label?, takenAt?}}: nothing else of a photo is editable over REST. */
  async update(ctx) {
    const { data } = updateBody(ctx.request.body ?? {});
    const image = await getService(strapi, 'gallery-image').updateDetails(ctx.params.id, { ...data, label: data.label === '' ? null : data.label });
    ctx.body = { data: image };
  },

  /** POST /api/gallery-images/ingest (multipart: client, label?, files[]) */
  async ingest(ctx) {
    const { client, label } = ingestBody(ctx.request.body ?? {});
    const ingest = getService(strapi, 'ingest');
    const { results } = await ingest.ingest({ clientDocumentId: client, label, files: ingest.photosFromMultipart(ctx.request.files?.files) });
    ctx.status = results.some((r) => r.status === 'created') ? 201 : 200;
    ctx.body = { results };
  },
}));

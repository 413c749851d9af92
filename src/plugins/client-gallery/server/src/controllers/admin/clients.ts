import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { visibleImageSources } from '../../admin/access';
import { toAdminGallery, toAdminImage, toClientSummary } from '../../admin/mappers';
import { getService } from '../../get-service';
import { recordSources } from '../../config';
import { CLIENT_DETAILS } from '../../services/clients/client';

const listQuery = validateZodSchema(
  z.object({
    search: z.string().max(200).optional(),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  }),
);

/** A share link's documentId, as a recipient filter names it. */
const recipientId = z.string().regex(/^[a-z0-9]{1,64}$/, 'a share link id');
const imagesQuery = validateZodSchema(
  z.object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    label: z.string().max(120).optional(),
    selectedBy: recipientId.optional(),
    favouritedBy: recipientId.optional(),
    commented: z.enum(['true']).optional(),
  }),
);

/** The record a photo came from (sourceRef is "<kind>:<documentId>"); listings only hold photos whose kind the viewer may read. */
function recordOf(strapi: Core.Strapi, image: any) {
  const kind = recordSources(strapi).find((source) => source.kind === image.source);
  const documentId = kind && typeof image.sourceRef === 'string' ? image.sourceRef.slice(kind.kind.length + 1) : '';
  return kind && documentId ? { uid: kind.uid, documentId, label: kind.label ?? kind.kind } : null;
}

/** Staff see clean (unwatermarked) thumb and preview; an image whose source cannot be read shows none. */
export async function withSignedUrls(strapi: Core.Strapi, image: any) {
  try {
    const urls = await getService(strapi, 'derivatives').signedUrls(image, ['thumb', 'preview']);
    return toAdminImage(image, urls, recordOf(strapi, image));
  } catch (error) {
    strapi.log.warn(`client-gallery: no derivatives for image ${image.documentId}: ${(error as Error).message}`);
    return toAdminImage(image, { thumb: null, preview: null }, recordOf(strapi, image));
  }
}

/** The photo sources this staff member may see: every listing and count of photos follows them. */
const sourcesOf = (strapi: Core.Strapi, ctx: any) => visibleImageSources(strapi, ctx.state.userAbility);

const details = CLIENT_DETAILS;
const newClientBody = validateZodSchema(
  z.object({ ...details, email: details.email.optional(), phone: details.phone.optional(), notes: details.notes.optional() }).strict(),
);
const clientChanges = validateZodSchema(
  z
    .object(details)
    .partial()
    .strict()
    .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to change' }),
);

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /client-gallery/clients {name, email?, phone?, notes?} */
  async create(ctx) {
    ctx.status = 201;
    ctx.body = { data: toClientSummary(await getService(strapi, 'client').createClient(newClientBody(ctx.request.body ?? {}), sourcesOf(strapi, ctx))) };
  },

  /** PUT /client-gallery/clients/:documentId {name?, email?, phone?, notes?} */
  async update(ctx) {
    ctx.body = { data: toClientSummary(await getService(strapi, 'client').updateClient(ctx.params.documentId, clientChanges(ctx.request.body ?? {}), sourcesOf(strapi, ctx))) };
  },

  /** GET /client-gallery/clients?search=&page=&pageSize= */
  async list(ctx) {
    const query = listQuery(ctx.query);
    const { results, pagination } = await getService(strapi, 'client').search({ ...query, sources: sourcesOf(strapi, ctx) });
    ctx.body = { results: results.map(toClientSummary), pagination };
  },

  /** GET /client-gallery/clients/:documentId */
  async findOne(ctx) {
    const client = await getService(strapi, 'client').summary(ctx.params.documentId, sourcesOf(strapi, ctx));
    ctx.body = { data: toClientSummary(client) };
  },

  /** GET /client-gallery/clients/:documentId/images?cursor=&limit=&label=&selectedBy=&favouritedBy=&commented=true */
  async images(ctx) {
    const { selectedBy, favouritedBy, commented, ...query } = imagesQuery(ctx.query);
    const clientDocumentId = ctx.params.documentId;
    const recipient = (linkDocumentId: string | undefined) =>
      linkDocumentId === undefined ? undefined : getService(strapi, 'share-link').recipientOfClient(linkDocumentId, clientDocumentId);
    const page = await getService(strapi, 'gallery-image').listForClient({
      clientDocumentId,
      ...query,
      only: { selectedBy: await recipient(selectedBy), favouritedBy: await recipient(favouritedBy), commented: commented === 'true' },
      sources: sourcesOf(strapi, ctx),
    });
    ctx.body = { results: await Promise.all(page.results.map((image) => withSignedUrls(strapi, image))), nextCursor: page.nextCursor };
  },

  /** GET /client-gallery/clients/:documentId/recipients: the links of the client's galleries, which the Photos filter names. */
  async recipients(ctx) {
    const linkService = getService(strapi, 'share-link');
    ctx.body = { data: (await linkService.listForClient(ctx.params.documentId)).map((link: any) => linkService.toAdmin(link)) };
  },

  /** GET /client-gallery/clients/:documentId/galleries */
  async galleries(ctx) {
    const rows = await getService(strapi, 'gallery').listForClient(ctx.params.documentId, sourcesOf(strapi, ctx));
    ctx.body = { data: rows.map(toAdminGallery) };
  },
});

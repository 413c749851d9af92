import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { visibleImageSources } from '../../admin/access';
import { toAdminGallery, toAdminImage, toClientSummary } from '../../admin/mappers';
import { getService } from '../../get-service';
import { recordSources } from '../../config';
import { validateClientChanges, validateClientImagesQuery, validateClientListQuery, validateNewClient } from '../../validation/admin';

/** What the admin's photo tiles need of a gallery-image row (the row may carry more: its file, derivatives, markup pairing). */
interface ListedImage {
  documentId: string;
  source: string;
  sourceRef?: string | null;
}

/** The record a photo came from (sourceRef is "<kind>:<documentId>"); listings only hold photos whose kind the viewer may read. */
function recordOf(strapi: Core.Strapi, image: ListedImage) {
  const kind = recordSources(strapi).find((source) => source.kind === image.source);
  const documentId = kind && typeof image.sourceRef === 'string' ? image.sourceRef.slice(kind.kind.length + 1) : '';
  return kind && documentId ? { uid: kind.uid, documentId, label: kind.label ?? kind.kind } : null;
}

/** Staff see clean (unwatermarked) thumb and preview; an image whose source cannot be read shows none. */
export async function withSignedUrls(strapi: Core.Strapi, image: ListedImage) {
  try {
    const urls = await getService(strapi, 'derivatives').signedUrls(image, ['thumb', 'preview']);
    return toAdminImage(image, urls, recordOf(strapi, image));
  } catch (error) {
    strapi.log.warn(`client-gallery: no derivatives for image ${image.documentId}: ${(error as Error).message}`);
    return toAdminImage(image, { thumb: null, preview: null }, recordOf(strapi, image));
  }
}

/** The photo sources this staff member may see: every listing and count of photos follows them. */
const sourcesOf = (strapi: Core.Strapi, ctx: Context) => visibleImageSources(strapi, ctx.state.userAbility);

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /client-gallery/clients {name, email?, phone?, notes?} */
  async create(ctx: Context) {
    ctx.status = 201;
    ctx.body = { data: toClientSummary(await getService(strapi, 'client').createClient(validateNewClient(ctx.request.body ?? {}), sourcesOf(strapi, ctx))) };
  },

  /** PUT /client-gallery/clients/:documentId {name?, email?, phone?, notes?} */
  async update(ctx: Context) {
    ctx.body = { data: toClientSummary(await getService(strapi, 'client').updateClient(ctx.params.documentId, validateClientChanges(ctx.request.body ?? {}), sourcesOf(strapi, ctx))) };
  },

  /** GET /client-gallery/clients?search=&page=&pageSize= */
  async list(ctx: Context) {
    const query = validateClientListQuery(ctx.query);
    const { results, pagination } = await getService(strapi, 'client').search({ ...query, sources: sourcesOf(strapi, ctx) });
    ctx.body = { results: results.map(toClientSummary), pagination };
  },

  /** GET /client-gallery/clients/:documentId */
  async findOne(ctx: Context) {
    const client = await getService(strapi, 'client').summary(ctx.params.documentId, sourcesOf(strapi, ctx));
    ctx.body = { data: toClientSummary(client) };
  },

  /** GET /client-gallery/clients/:documentId/images?cursor=&limit=&label=&selectedBy=&favouritedBy=&commented=true */
  async images(ctx: Context) {
    const { selectedBy, favouritedBy, commented, ...query } = validateClientImagesQuery(ctx.query);
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
  async recipients(ctx: Context) {
    const linkService = getService(strapi, 'share-link');
    const links = await linkService.listForClient(ctx.params.documentId);
    ctx.body = { data: links.map((link: Parameters<typeof linkService.toAdmin>[0]) => linkService.toAdmin(link)) };
  },

  /** GET /client-gallery/clients/:documentId/galleries */
  async galleries(ctx: Context) {
    const rows = await getService(strapi, 'gallery').listForClient(ctx.params.documentId, sourcesOf(strapi, ctx));
    ctx.body = { data: rows.map(toAdminGallery) };
  },
});

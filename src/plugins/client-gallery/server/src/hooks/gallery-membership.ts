import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { UID } from '../uids';
import { getService } from '../get-service';
import { yieldToEventLoop } from '../lib/event-loop';

const GALLERY = UID.gallery;
const IMAGE = UID.galleryImage;

/** `images` as the Document Service and REST take it: documentIds (or ids, or `{ documentId }` / `{ id }` objects), in order. */
type ImagesInput = Array<string | number | { documentId?: string; id?: number }>;

async function imageIdsOf(strapi: Core.Strapi, images: ImagesInput): Promise<number[]> {
  const documentIds = images
    .map((image) => (typeof image === 'string' ? image : typeof image === 'object' ? image?.documentId : undefined))
    .filter(Boolean) as string[];
  const byDocumentId = new Map<string, number>();
  for (let i = 0; i < documentIds.length; i += 500) {
    const rows = await strapi.db.query(IMAGE).findMany({ where: { documentId: { $in: documentIds.slice(i, i + 500) } }, select: ['id', 'documentId'] });
    for (const row of rows) byDocumentId.set(row.documentId, row.id);
    await yieldToEventLoop();
  }
  return images
    .map((image) =>
      typeof image === 'number'
        ? image
        : typeof image === 'string'
          ? byDocumentId.get(image)
          : (image?.id ?? (image?.documentId ? byDocumentId.get(image.documentId) : undefined)),
    )
    .filter((id): id is number => typeof id === 'number');
}

/** A list sets the gallery's photos; Strapi's relation syntax `{ set }`, `{ connect }`, `{ disconnect }` works too. */
async function applyImages(strapi: Core.Strapi, documentId: string, images: unknown) {
  const membership = getService(strapi, 'gallery-membership');
  if (images === null) return membership.set(documentId, []);
  if (Array.isArray(images)) return membership.set(documentId, await imageIdsOf(strapi, images as ImagesInput));
  const change = images as { set?: ImagesInput; connect?: ImagesInput; disconnect?: ImagesInput };
  if (typeof change !== 'object') throw new errors.ValidationError('images must be a list of photo documentIds');
  if (change.set) await membership.set(documentId, await imageIdsOf(strapi, change.set));
  if (change.disconnect) await membership.remove(documentId, await imageIdsOf(strapi, change.disconnect));
  if (change.connect) await membership.append(documentId, await imageIdsOf(strapi, change.connect));
}

/**
 * Gallery membership lives in its own rows (services/photos/gallery-membership.ts), but `images` stays
 * writable where Strapi users expect it: `strapi.documents(gallery).create/update({ data: { images } })`
 * and the REST routes built on them. The list is taken out of the data before Strapi sees it and
 * written as entries in the same transaction: the ordered list, exactly (`set`). A deleted
 * gallery's entries go with it.
 */
export function registerGalleryMembershipHooks(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== GALLERY) return next();
    const params = context.params as { data?: Record<string, unknown>; documentId?: string; locale?: string };
    if (context.action === 'delete') {
      const result = await next();
      // Deleting one locale or only the draft leaves the document: its entries stay.
      if (params.documentId && !(await strapi.db.query(GALLERY).findOne({ where: { documentId: params.documentId }, select: ['id'] }))) {
        await getService(strapi, 'gallery-membership').forgetGallery(params.documentId);
      }
      return result;
    }
    if (!['create', 'update'].includes(context.action) || !params.data || !('images' in params.data)) return next();
    const { images, ...data } = params.data;
    params.data = data;
    return strapi.db.transaction(async () => {
      const result: any = await next();
      const documentId = result?.documentId ?? params.documentId;
      if (documentId) await applyImages(strapi, documentId, images);
      return result;
    });
  });
}

import type { Core } from '@strapi/strapi';
import { ActivityIsHistoryError, InvalidGalleryPhotosError } from '../lib/errors';
import { checkStoredClientDetails, checkStoredGalleryDetails } from '../validation/studio';
import { yieldToEventLoop } from '../lib/event-loop';
import { parseRelationChange } from './client-merge';
import { UID } from '../uids';
import { getService } from '../get-service';

const WRITES = new Set(['create', 'update']);
const CHUNK = 500;

type Data = Record<string, unknown>;

/** Every photo of the gallery is its client's: a gallery's list written by REST or a service meets the curation routes' rule. */
async function requireClientsPhotos(strapi: Core.Strapi, documentId: string) {
  const gallery = await strapi.db.query(UID.gallery).findOne({ where: { documentId }, select: ['id'], populate: { client: { select: ['id'] } } });
  const ids = await getService(strapi, 'gallery-membership').imageIds(documentId);
  let foreign = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const where = { id: { $in: ids.slice(i, i + CHUNK) } };
    const own = gallery?.client ? await strapi.db.query(UID.galleryImage).count({ where: { ...where, client: { id: gallery.client.id } } }) : 0;
    foreign += Math.min(CHUNK, ids.length - i) - own;
    await yieldToEventLoop();
  }
  if (foreign > 0) throw new InvalidGalleryPhotosError(`${foreign} of the photos are not this client's`);
}

/**
 * The studio's admin routes check what they write (validation/studio.ts and
 * services/photos/gallery-curation.ts). Galleries and clients can also be written through the Content
 * Manager, the REST routes, or another plugin's code, all of which go through the Document
 * Service: this one middleware applies the same functions there, so no writer skips a rule and
 * the refusal reads as the admin route's (400 with its message; nothing is saved, since the
 * checks made after the write run in its transaction).
 * - gallery: details (title, stage, dates, note, proofing options, reminder days); the cover is
 *   one of the gallery's photos; its photos are its client's.
 * - client: name, email, phone and notes.
 * Types that carry secrets (share links, packages, grants, attempts) are not in the Content
 * Manager at all (middlewares/content-manager-guard.ts); their writes are the plugin's services'.
 * - activity events: history, written by the plugin's services (through the query engine, which
 *   this middleware does not see) as things happen. A row made elsewhere would be a milestone
 *   that sends no mail and no webhook, so creates and edits are refused; a delete (erasure) is not.
 * Registered first, so it sees `images` before the membership middleware takes them out of the data.
 */
export function registerDomainRules(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid === UID.activityEvent && (WRITES.has(context.action) || context.action === 'clone')) throw new ActivityIsHistoryError();
    if (!WRITES.has(context.action)) return next();
    const params = context.params as { documentId?: string; data?: Data };
    if (!params.data) return next();

    if (context.uid === UID.client) {
      params.data = checkStoredClientDetails(params.data);
      return next();
    }
    if (context.uid !== UID.gallery) return next();

    params.data = checkStoredGalleryDetails(params.data);
    const cover = parseRelationChange(params.data.cover);
    const photos = 'images' in params.data && params.data.images !== undefined;
    if (cover.kind !== 'set' && !photos) return next();
    return strapi.db.transaction(async () => {
      const result: any = await next();
      const documentId: string | undefined = result?.documentId ?? params.documentId;
      if (!documentId) return result;
      if (photos) await requireClientsPhotos(strapi, documentId);
      if (cover.kind === 'set') await getService(strapi, 'gallery-curation').requireMember(documentId, cover.ref);
      return result;
    });
  });
}

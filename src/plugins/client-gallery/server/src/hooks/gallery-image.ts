import type { Core } from '@strapi/strapi';
import { recordSourceOf } from '../services/photos/record-photos';
import { UID } from '../uids';
import { getService } from '../get-service';

const IMAGE = UID.galleryImage;
const FILE = 'plugin::upload.file';

/**
 * Deleting a gallery-image, by any route (REST, Content Manager, admin plugin, a service), removes
 * its derivatives and its original from storage. A Document Service middleware sees every delete;
 * database lifecycles would miss bulk operations. Storage is cleaned only after the row is gone,
 * so a failed delete never leaves an image pointing at missing files.
 */
export function registerGalleryImageHooks(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== IMAGE || context.action !== 'delete') return next();
    const { documentId } = context.params as { documentId?: string };
    const rows = documentId
      ? await strapi.db.query(IMAGE).findMany({ where: { documentId }, select: ['id', 'checksum', 'derivatives', 'source', 'sourceRef'], populate: { file: { select: ['id'] } } })
      : [];
    for (const row of rows) await getService(strapi, 'record-photos').refuseDirectDelete(row);
    const result = await next();
    if (rows.length > 0) await getService(strapi, 'gallery-membership').forgetImages(rows.map((row) => row.id));
    if (rows.length > 0) await getService(strapi, 'markup').forgetImages(rows.map((row) => row.id));
    for (const row of rows) {
      try {
        await getService(strapi, 'derivatives').removeFor(row);
        // A record's photo belongs to the Media Library and its record (it has a sourceRef); an
        // uploaded original, a comparison or a markup the studio made goes with its image.
        if (row.file && ((row.source ?? 'upload') === 'upload' || !row.sourceRef)) await removeFileIfUnused(strapi, row.file.id);
      } catch (error) {
        strapi.log.error(`gallery-image ${documentId}: storage cleanup failed: ${(error as Error).message}`);
      }
    }
    return result;
  });

  // Saving a note, form or appointment brings the gallery in line with its photos, in the same
  // transaction: a photo that cannot be shown refuses the save, and nothing of it is kept.
  strapi.documents.use(async (context, next) => {
    if (!recordSourceOf(strapi, context.uid) || !['create', 'update', 'delete', 'clone'].includes(context.action)) return next();
    return strapi.db.transaction(async () => {
      const result: any = await next();
      const documentId = result?.documentId ?? (context.params as { documentId?: string }).documentId;
      if (documentId) await getService(strapi, 'record-photos').sync(context.uid, documentId);
      return result;
    });
  });
}

/**
 * The original goes with its image unless something else still uses the same media file
 * (a note's photo that also shows in the gallery, another image row).
 */
async function removeFileIfUnused(strapi: Core.Strapi, fileId: number) {
  const file = await strapi.db.query(FILE).findOne({ where: { id: fileId }, populate: { related: true } });
  if (!file) return;
  const related = (file.related ?? []) as unknown[];
  if (related.length > 0) return;
  // Upload's own remove deletes the bytes (and any formats) through the provider, then the row.
  await strapi.plugin('upload').service('upload').remove(file);
}

import { PassThrough } from 'stream';
import type { Core } from '@strapi/strapi';
import { GalleryImageNotFoundError, InvalidGalleryPhotosError } from '../../lib/errors';
import { safeFileName } from '../../lib/file-names';
import { writeMeasuredZip } from '../../lib/zip-measured';
import { visiblePhotos } from '../../admin/access';
import type { StaffViewer } from '../delivery/staff-download';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const IMAGE = UID.galleryImage;

interface BatchPhoto {
  id: number;
  documentId: string;
  source: string;
  sourceRef: string | null;
  takenAt: string | Date;
  client: { id: number; documentId: string } | null;
  file: { id: number; name: string; hash: string; ext: string; mime: string; url: string } | null;
}

/**
 * Actions on several of a client's photos at once, from the Photos page (Modify client gallery):
 * set a label, delete, add to a gallery, download the originals as a zip. Each checks every photo
 * first (all exist, the staff member may see them, one client), so a bad id changes nothing.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  async function load(imageDocumentIds: string[], { sources }: Pick<StaffViewer, 'sources'>): Promise<BatchPhoto[]> {
    const unique = [...new Set(imageDocumentIds)];
    const rows: BatchPhoto[] = await strapi.db.query(IMAGE).findMany({
      where: { $and: [{ documentId: { $in: unique } }, visiblePhotos(strapi, sources).where] },
      select: ['id', 'documentId', 'source', 'sourceRef', 'takenAt'],
      populate: { client: { select: ['id', 'documentId'] }, file: { select: ['id', 'name', 'hash', 'ext', 'mime', 'url'] } },
    });
    const byDocumentId = new Map(rows.map((row) => [row.documentId, row]));
    if (unique.some((id) => !byDocumentId.get(id)?.client)) throw new GalleryImageNotFoundError();
    if (new Set(rows.map((row) => row.client!.id)).size > 1) throw new InvalidGalleryPhotosError('Choose photos of one client');
    return unique.map((id) => byDocumentId.get(id)!);
  }

  return {
    /** Set (or, with null, clear) the label of every photo named. */
    async setLabel(imageDocumentIds: string[], label: string | null, viewer: Pick<StaffViewer, 'sources'>) {
      const photos = await load(imageDocumentIds, viewer);
      await strapi.db.query(IMAGE).updateMany({ where: { id: { $in: photos.map((photo) => photo.id) } }, data: { label } });
      return { updated: photos.length };
    },

    /**
     * Delete every photo named, with its file and derivatives. A record's photo (still carried by
     * its note, form or appointment) refuses the whole batch with 409 before anything is deleted.
     */
    async remove(imageDocumentIds: string[], viewer: Pick<StaffViewer, 'sources'>) {
      const photos = await load(imageDocumentIds, viewer);
      for (const photo of photos) await getService(strapi, 'record-photos').refuseDirectDelete(photo);
      for (const photo of photos) await strapi.documents(IMAGE).delete({ documentId: photo.documentId });
      return { deleted: photos.length };
    },

    /** Add the photos to one of their client's galleries, at its end. */
    async addToGallery(imageDocumentIds: string[], galleryDocumentId: string, viewer: Pick<StaffViewer, 'sources'>) {
      await load(imageDocumentIds, viewer);
      return getService(strapi, 'gallery-curation').addPhotos(galleryDocumentId, imageDocumentIds, viewer.sources);
    },

    /**
     * The originals as one store-mode zip, streamed (one source open at a time, each measured
     * before it is sent), recorded in the client's activity as a staff download.
     */
    async zip(imageDocumentIds: string[], viewer: StaffViewer) {
      const photos = await load(imageDocumentIds, viewer);
      if (photos.some((photo) => !photo.file)) throw new GalleryImageNotFoundError();
      const storage = getService(strapi, 'storage');
      await getService(strapi, 'activity').recordStaff({
        type: 'staff-download',
        clientId: photos[0].client!.id,
        staff: viewer.staff,
        details: { what: 'zip', images: photos.map((photo) => photo.documentId) },
      });
      const body = new PassThrough();
      const entries = photos.map((photo) => ({
        name: safeFileName(photo.file!.name, photo.file!.ext),
        modified: new Date(photo.takenAt),
        file: () => storage.sourceFile(photo.file!),
      }));
      writeMeasuredZip(entries, body).catch((error) => strapi.log.warn(`client-gallery: staff zip ended early: ${(error as Error).message}`));
      return { body, fileName: `photos-${photos.length}.zip` };
    },
  };
};

import type { Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import { GalleryImageNotFoundError } from '../../lib/errors';
import { safeFileName } from '../../lib/file-names';
import type { ImageSource } from '../../../../shared/contracts';
import type { StaffMember } from '../activity/activity';
import type { ComparisonRequest } from '../photos/comparison';
import { UID } from '../../uids';
import { visiblePhotos } from '../../admin/access';
import { getService } from '../../get-service';

const IMAGE = UID.galleryImage;

/** The staff member downloading, and which photo sources they may see (admin/access.ts). */
export interface StaffViewer {
  staff: StaffMember;
  sources: ImageSource[];
}

export interface Download {
  fileName: string;
  mime: string;
  size?: number;
  body: Readable | Buffer;
}

/**
 * Downloads in the admin panel (Modify client gallery; the route says so and the route is the
 * only caller). Each one is recorded in the client's activity with who downloaded what.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const activity = () => getService(strapi, 'activity');

  return {
    /** A photo's stored original, byte for byte, streamed from storage. */
    async original(documentId: string, { staff, sources }: StaffViewer): Promise<Download> {
      const image = await strapi.db.query(IMAGE).findOne({
        where: { $and: [{ documentId }, visiblePhotos(strapi, sources).where] },
        select: ['id', 'documentId'],
        populate: { client: { select: ['id'] }, file: { select: ['name', 'hash', 'ext', 'mime', 'url'] } },
      });
      if (!image?.file || !image.client) throw new GalleryImageNotFoundError();
      const body = await getService(strapi, 'storage').openRead(image.file);
      try {
        await activity().recordStaff({ type: 'staff-download', clientId: image.client.id, imageId: image.id, staff, details: { what: 'original' } });
      } catch (error) {
        body.destroy(); // an S3 body never consumed would hold its socket
        throw error;
      }
      // The media row keeps the size in kB only, so the stream goes out chunked.
      return { fileName: safeFileName(image.file.name, image.file.ext), mime: image.file.mime, body };
    },

    /** A side-by-side comparison JPEG of the photos named, in that order. */
    async comparison(request: ComparisonRequest, { staff }: StaffViewer): Promise<Download> {
      const { images, jpeg } = await getService(strapi, 'comparison').render(request);
      await activity().recordStaff({
        type: 'staff-download',
        clientId: images[0].client.id,
        staff,
        details: { what: 'comparison', width: request.width, images: images.map((image) => image.documentId) },
      });
      return { fileName: `comparison-${request.width}.jpg`, mime: 'image/jpeg', size: jpeg.length, body: jpeg };
    },
  };
};

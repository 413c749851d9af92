import { factories } from '@strapi/strapi';
import { ClientNotFoundError, GalleryNotFoundError, InvalidGalleryPhotosError } from '../../lib/errors';
import type { ImageSource } from '../../../../shared/contracts';
import { visiblePhotos } from '../../admin/access';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { PROOFING_FIELDS } from '../../queries/galleries';
import type { GalleryChangesInput, NewGalleryInput } from '../../validation/admin';

const GALLERY = UID.gallery;
const CLIENT = UID.client;
const IMAGE = UID.galleryImage;

/**
 * The studio's routes speak of a gallery's `status`; it is stored as `stage`, because `status`
 * is Strapi's own draft-and-publish query parameter (a `status` attribute made
 * `find({status: 'ready'})` silently return drafts).
 */
function toStored<T extends { status?: string }>({ status, ...rest }: T) {
  return status === undefined ? rest : { ...rest, stage: status };
}

export default factories.createCoreService(GALLERY, ({ strapi }) => ({
  /**
   * A client's galleries for the studio, newest first. The draft row carries the gallery's
   * current content (links relate to it); `published` says whether visitors can open it. Photo
   * counts count what this staff member sees (`sources`), as the gallery's tiles do.
   */
  async listForClient(clientDocumentId: string, sources: ImageSource[], only?: string) {
    const client = await strapi.db.query(CLIENT).findOne({ where: { documentId: clientDocumentId }, select: ['id'] });
    if (!client) throw new ClientNotFoundError();
    const drafts = await strapi.db.query(GALLERY).findMany({
      where: { client: { id: client.id }, publishedAt: null, ...(only ? { documentId: only } : {}) },
      select: ['id', 'documentId', 'title', 'stage', 'shootDate', 'deadline', 'welcomeNote', ...PROOFING_FIELDS, 'createdAt', 'updatedAt'],
      // The cover goes along (one join), so the Curate dialog can mark it when it opens.
      populate: { cover: { select: ['documentId'] }, watermarkDesign: { select: ['documentId'] } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    const documentIds = drafts.map((row: any) => row.documentId);
    const published = documentIds.length
      ? await strapi.db.query(GALLERY).findMany({ where: { documentId: { $in: documentIds }, publishedAt: { $notNull: true } }, select: ['documentId'] })
      : [];
    const live = new Set(published.map((row: any) => row.documentId as string));
    const counts = await getService(strapi, 'gallery-membership').counts(documentIds, sources);
    // The studio's reminder days go along, so the studio sees what "default" means for this gallery.
    const defaultReminderDays = (await getService(strapi, 'studio-settings').studio()).reminderDays;
    return drafts.map((row: any) => ({ ...row, imageCount: counts.get(row.documentId) ?? 0, published: live.has(row.documentId), defaultReminderDays }));
  },

  /** One gallery as listForClient shows it. */
  async summary(documentId: string, sources: ImageSource[]) {
    const draft = await strapi.db.query(GALLERY).findOne({ where: { documentId, publishedAt: null }, populate: { client: { select: ['documentId'] } } });
    if (!draft?.client) throw new GalleryNotFoundError();
    const [row] = await this.listForClient(draft.client.documentId, sources, documentId);
    return row;
  },

  /**
   * A new, unpublished gallery for a client: the photos named (each must be this client's, or
   * nothing is made), the photos with a label, or all of them, newest first. Only photos from
   * `sources` the staff member may see go in (a note's photos need read access to notes), and
   * markup drafts never do.
   */
  async createForClient(clientDocumentId: string, input: NewGalleryInput, sources: ImageSource[]) {
    const client = await strapi.db.query(CLIENT).findOne({ where: { documentId: clientDocumentId }, select: ['id', 'documentId'] });
    if (!client) throw new ClientNotFoundError();
    const { imageIds, label, ...fields } = input;
    await getService(strapi, 'watermark-design').requireChoice(fields.watermarkDesign);
    const where: Record<string, unknown>[] = [{ client: { id: client.id } }, visiblePhotos(strapi, sources).where];
    if (imageIds) where.push({ documentId: { $in: imageIds } });
    if (label) where.push({ label });
    const rows: Array<{ documentId: string }> = await strapi.db.query(IMAGE).findMany({
      where: { $and: where },
      select: ['documentId'],
      orderBy: [{ takenAt: 'desc' }, { id: 'desc' }],
    });
    if (imageIds) {
      const found = new Set(rows.map((row) => row.documentId));
      const foreign = [...new Set(imageIds)].filter((id) => !found.has(id));
      if (foreign.length > 0) throw new InvalidGalleryPhotosError(`${foreign.length} of the photos are not this client's`, { imageIds: foreign });
    }
    if (rows.length === 0) throw new InvalidGalleryPhotosError(label ? `This client has no photos labelled "${label}"` : 'This client has no photos yet');
    // The studio's order when it named the photos, else newest first.
    const ordered = imageIds ? [...new Set(imageIds)] : rows.map((row) => row.documentId);
    const gallery = await strapi.documents(GALLERY).create({
      data: { ...toStored(fields), client: client.documentId, images: ordered, cover: ordered[0] } as any,
    });
    return this.summary(gallery.documentId, sources);
  },

  /** Change a gallery's details. A published gallery is published again, so visitors see the change at once. */
  async updateDetails(documentId: string, changes: GalleryChangesInput, sources: ImageSource[]) {
    const { published } = await this.summary(documentId, sources);
    await getService(strapi, 'watermark-design').requireChoice(changes.watermarkDesign);
    await strapi.documents(GALLERY).update({ documentId, data: toStored(changes) as any });
    if (published) await strapi.documents(GALLERY).publish({ documentId });
    return this.summary(documentId, sources);
  },

  /** Publish (links can open it) or unpublish (every link shows "Unavailable"). */
  async setPublished(documentId: string, published: boolean, sources: ImageSource[]) {
    await this.summary(documentId, sources);
    if (published) await strapi.documents(GALLERY).publish({ documentId });
    else await strapi.documents(GALLERY).unpublish({ documentId });
    return this.summary(documentId, sources);
  },
}));

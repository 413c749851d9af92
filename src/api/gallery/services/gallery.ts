import { factories } from '@strapi/strapi';
import { ClientNotFoundError } from '../../../lib/errors';

const GALLERY = 'api::gallery.gallery';
const CLIENT = 'api::client.client';

export default factories.createCoreService(GALLERY, ({ strapi }) => ({
  /**
   * A client's galleries for the studio, newest first. The draft row carries the gallery's
   * current content (links relate to it); `published` says whether visitors can open it.
   */
  async listForClient(clientDocumentId: string) {
    const client = await strapi.db.query(CLIENT).findOne({ where: { documentId: clientDocumentId }, select: ['id'] });
    if (!client) throw new ClientNotFoundError();
    const drafts = await strapi.db.query(GALLERY).findMany({
      where: { client: { id: client.id }, publishedAt: null },
      select: ['id', 'documentId', 'title', 'status', 'shootDate', 'deadline', 'createdAt', 'updatedAt'],
      populate: { images: { count: true } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    const documentIds = drafts.map((row: any) => row.documentId);
    const published = documentIds.length
      ? await strapi.db.query(GALLERY).findMany({ where: { documentId: { $in: documentIds }, publishedAt: { $notNull: true } }, select: ['documentId'] })
      : [];
    const live = new Set(published.map((row: any) => row.documentId as string));
    return drafts.map((row: any) => ({ ...row, imageCount: row.images?.count ?? 0, published: live.has(row.documentId) }));
  },
}));

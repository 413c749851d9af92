import { factories } from '@strapi/strapi';
import { ClientNotFoundError } from '../lib/errors';
import { NOT_A_MARKUP_DRAFT } from './gallery-image';
import { UID } from '../uids';

const CLIENT = UID.client;
const IMAGE = UID.galleryImage;

export interface ClientSearch {
  search?: string;
  page: number;
  pageSize: number;
}

export default factories.createCoreService(CLIENT, ({ strapi }) => {
  async function withImageCounts<T extends { id: number }>(clients: T[]) {
    const counts = await Promise.all(
      clients.map((client) => strapi.db.query(IMAGE).count({ where: { $and: [{ client: { id: client.id } }, NOT_A_MARKUP_DRAFT] } })),
    );
    return clients.map((client, i) => ({ ...client, imageCount: counts[i] }));
  }

  return {
    /** Clients by name, email or phone, alphabetically, one page at a time. */
    async search({ search, page, pageSize }: ClientSearch) {
      const term = search?.trim();
      const where = term
        ? { $or: [{ name: { $containsi: term } }, { email: { $containsi: term } }, { phone: { $containsi: term } }] }
        : {};
      const [rows, total] = await Promise.all([
        strapi.db.query(CLIENT).findMany({
          where,
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
          offset: (page - 1) * pageSize,
          limit: pageSize,
          populate: { mergedInto: { select: ['documentId', 'name'] } },
        }),
        strapi.db.query(CLIENT).count({ where }),
      ]);
      return {
        results: await withImageCounts(rows),
        pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) },
      };
    },

    async summary(documentId: string) {
      const client = await strapi.db
        .query(CLIENT)
        .findOne({ where: { documentId }, populate: { mergedInto: { select: ['documentId', 'name'] } } });
      if (!client) throw new ClientNotFoundError();
      const [withCount] = await withImageCounts([client]);
      return withCount;
    },
  };
});

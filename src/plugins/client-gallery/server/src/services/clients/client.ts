import { factories } from '@strapi/strapi';
import { ClientNotFoundError } from '../../lib/errors';
import type { ImageSource } from '../../../../shared/contracts';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const CLIENT = UID.client;

export interface ClientDetails {
  name: string;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
}

export interface ClientSearch {
  search?: string;
  page: number;
  pageSize: number;
  /** The sources the viewer sees (admin/access): photo counts count only those. */
  sources: ImageSource[];
}

export default factories.createCoreService(CLIENT, ({ strapi }) => {
  /** Each client's photo count as this viewer's Photos tab lists them (one grouped query). */
  async function withImageCounts<T extends { id: number }>(clients: T[], sources: ImageSource[]) {
    const counts = await getService(strapi, 'gallery-image').countVisible(
      clients.map((client) => client.id),
      sources,
    );
    return clients.map((client) => ({ ...client, imageCount: counts.get(client.id) ?? 0 }));
  }

  return {
    /** Clients by name, email or phone, alphabetically, one page at a time. */
    async search({ search, page, pageSize, sources }: ClientSearch) {
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
        results: await withImageCounts(rows, sources),
        pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) },
      };
    },

    /** A new client (the plugin's *New client*). */
    async createClient(input: ClientDetails, sources: ImageSource[]) {
      const created = await strapi.documents(CLIENT).create({ data: input as any });
      return this.summary(created.documentId, sources);
    },

    /** Edit a client's details; who it was merged into is the merge's business, not an edit's. */
    async updateClient(documentId: string, changes: Partial<ClientDetails>, sources: ImageSource[]) {
      const existing = await strapi.db.query(CLIENT).findOne({ where: { documentId }, select: ['id'] });
      if (!existing) throw new ClientNotFoundError();
      await strapi.documents(CLIENT).update({ documentId, data: changes as any });
      return this.summary(documentId, sources);
    },

    /** A client with its photo count as this viewer sees them. */
    async summary(documentId: string, sources: ImageSource[]) {
      const client = await strapi.db
        .query(CLIENT)
        .findOne({ where: { documentId }, populate: { mergedInto: { select: ['documentId', 'name'] } } });
      if (!client) throw new ClientNotFoundError();
      const [withCount] = await withImageCounts([client], sources);
      return withCount;
    },
  };
});

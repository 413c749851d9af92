import { factories } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { ClientNotFoundError } from '../lib/errors';
import { NOT_A_MARKUP_DRAFT } from './gallery-image';
import { UID } from '../uids';

const CLIENT = UID.client;
const IMAGE = UID.galleryImage;

export interface ClientDetails {
  name: string;
  email?: string | null;
  phone?: string | null;
  notes?: string | null;
}

/** A client's details as the studio's routes take them; every other writer meets the same rules (checkStoredClientDetails). */
export const CLIENT_DETAILS = {
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().max(254).nullable(),
  phone: z.string().trim().max(40).nullable(),
  notes: z.string().max(10000).nullable(),
};
const storedDetails = validateZodSchema(z.object(CLIENT_DETAILS).partial());

/**
 * The detail fields present in `data`, checked as the studio's routes check them and normalised
 * (trimmed). An empty optional field is no value: forms (the Content Manager's) send "" for it.
 */
export function checkStoredClientDetails(data: Record<string, unknown>): Record<string, unknown> {
  const named = Object.keys(CLIENT_DETAILS).filter((key) => key in data && data[key] !== undefined);
  if (named.length === 0) return data;
  const given = Object.fromEntries(named.map((key) => [key, key !== 'name' && data[key] === '' ? null : data[key]]));
  return { ...data, ...(storedDetails(given) as Record<string, unknown>) };
}

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

    /** A new client (the plugin's *New client*). */
    async createClient(input: ClientDetails) {
      const created = await strapi.documents(CLIENT).create({ data: input as any });
      return this.summary(created.documentId);
    },

    /** Edit a client's details; who it was merged into is the merge's business, not an edit's. */
    async updateClient(documentId: string, changes: Partial<ClientDetails>) {
      const existing = await strapi.db.query(CLIENT).findOne({ where: { documentId }, select: ['id'] });
      if (!existing) throw new ClientNotFoundError();
      await strapi.documents(CLIENT).update({ documentId, data: changes as any });
      return this.summary(documentId);
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

import { factories } from '@strapi/strapi';
import { ClientNotFoundError, GalleryImageNotFoundError, InvalidCursorError } from '../lib/errors';
import { decodeCursor, encodeCursor } from '../lib/keyset-cursor';
import { UID } from '../uids';
import { SOURCE_FILE_FIELDS } from './derivatives';

const IMAGE = UID.galleryImage;
/** What the admin's Photos tab shows (admin/mappers toAdminImage) and what names and makes its variants. */
const LISTED_FIELDS = ['id', 'documentId', 'takenAt', 'label', 'source', 'sourceRef', 'width', 'height', 'checksum', 'derivatives'] as const;

/** Markup drafts never show in a gallery: only submitted, final images count. */
export const NOT_A_MARKUP_DRAFT = { $or: [{ markupDraft: false }, { markupDraft: { $null: true } }] };

export type { ImageSource } from '../../../shared/contracts';
import type { ImageSource } from '../../../shared/contracts';

export interface ListForClientOptions {
  clientDocumentId: string;
  cursor?: string;
  limit: number;
  /** Which sources the viewer may see: photos from records they cannot read stay hidden. */
  sources: ImageSource[];
  label?: string;
}

/**
 * Walking the order index pays off when the client holds enough of all photos: a page of `limit`
 * reads about limit × all / theirs index entries (1.3 µs each here), where starting from the link
 * sorts all of theirs (0.45 µs each). Walk when theirs² ≥ 3 × (limit + 1) × all: 10,000 of
 * 10,000 walks (0.2 ms against 4.5), 100 of 15,000 sorts (0.06 ms against 20).
 */
export const WALK_FACTOR = 3;

export default factories.createCoreService(IMAGE, ({ strapi }) => {
  /** One statement: the client's link rows (an index range count) and the highest photo id (all photos, over-counted by deletions: leans to sorting). */
  async function walkOrderIndex(table: string, link: { name: string; inverseJoinColumn: { name: string } }, clientId: number, limit: number) {
    const knex = strapi.db.connection;
    const [row] = await knex
      .select(knex(link.name).where(link.inverseJoinColumn.name, clientId).count('* as n').as('theirs'), knex(table).max('id').as('everyone'))
      .from(knex.raw('(select 1) as one'));
    const [theirs, everyone] = [Number(row?.theirs ?? 0), Number(row?.everyone ?? 0)];
    return theirs > 0 && theirs * theirs >= WALK_FACTOR * (limit + 1) * everyone;
  }

  return {
    /** Delete one image; the Document Service hook removes its original and derivatives from storage. */
    async remove(documentId: string) {
      const existing = await strapi.db.query(IMAGE).findOne({ where: { documentId }, select: ['id'] });
      if (!existing) throw new GalleryImageNotFoundError();
      await strapi.documents(IMAGE).delete({ documentId });
    },

    /** Label and capture date, the only details of a photo a studio edits by hand; answers without private fields. */
    async updateDetails(documentId: string, details: { label?: string | null; takenAt?: string }) {
      const existing = await strapi.db.query(IMAGE).findOne({ where: { documentId }, select: ['id'] });
      if (!existing) throw new GalleryImageNotFoundError();
      const data: Record<string, unknown> = {};
      if (details.label !== undefined) data.label = details.label;
      if (details.takenAt !== undefined) data.takenAt = new Date(details.takenAt);
      if (Object.keys(data).length > 0) await strapi.db.query(IMAGE).update({ where: { id: existing.id }, data });
      return strapi.db.query(IMAGE).findOne({
        where: { id: existing.id },
        select: ['documentId', 'label', 'takenAt', 'source', 'sourceRef', 'width', 'height', 'checksum', 'createdAt', 'updatedAt'],
      });
    },

    /** Set or clear a photo's label (labels are how a studio groups photos, and how visitors filter them). */
    async setLabel(documentId: string, label: string | null) {
      const existing = await strapi.db.query(IMAGE).findOne({ where: { documentId }, select: ['id'] });
      if (!existing) throw new GalleryImageNotFoundError();
      await strapi.db.query(IMAGE).update({ where: { id: existing.id }, data: { label } });
      return strapi.db.query(IMAGE).findOne({ where: { id: existing.id }, populate: { file: true, markupOf: { select: ['documentId'] } } });
    },

    /**
     * A client's photos, newest first (takenAt desc, id desc), one keyset page at a time.
     * Markup drafts never show.
     */
    async listForClient({ clientDocumentId, cursor, limit, sources, label }: ListForClientOptions) {
      const client = await strapi.db.query(UID.client).findOne({ where: { documentId: clientDocumentId }, select: ['id'] });
      if (!client) throw new ClientNotFoundError();

      const after = cursor ? decodeCursor(cursor) : null;
      if (cursor && !after) throw new InvalidCursorError();

      // The page's ids in one query that joins the client link and walks the (taken_at, id) index;
      // Strapi's relation filter would SELECT DISTINCT every row of the client (its JSON included)
      // and sort them all, so a page cost grew with the client.
      const meta = strapi.db.metadata.get(IMAGE);
      const column = (name: string) => (meta.attributes[name] as any).columnName ?? name;
      const link = (meta.attributes.client as any).joinTable;
      const [takenAt, source, labelColumn, markupDraft] = [column('takenAt'), column('source'), column('label'), column('markupDraft')];
      // SQLite keeps datetimes as epoch milliseconds; the other databases take a Date.
      const sqlite = (strapi.db as any).dialect?.client === 'sqlite';
      const dbTime = (iso: string) => (sqlite ? Date.parse(iso) : new Date(iso));
      const query = strapi.db.connection(`${meta.tableName} as i`);
      // SQLite keeps no statistics and always starts from the client's link rows, then sorts them
      // all: a cost of the client's size. For a client that holds most of the photos, walking the
      // (taken_at, id) index and probing the link is O(page); CROSS JOIN makes SQLite take that
      // order (PostgreSQL decides from its statistics, see table-statistics).
      const walk = sqlite && !label && (await walkOrderIndex(meta.tableName, link, client.id, limit));
      if (walk) query.crossJoin(`${link.name} as l`, `l.${link.joinColumn.name}`, 'i.id');
      else query.join(`${link.name} as l`, `l.${link.joinColumn.name}`, 'i.id');
      query
        .where(`l.${link.inverseJoinColumn.name}`, client.id)
        .whereIn(`i.${source}`, sources)
        .andWhere((q) => q.where(`i.${markupDraft}`, false).orWhereNull(`i.${markupDraft}`));
      if (label) query.andWhere(`i.${labelColumn}`, label);
      if (after) {
        const at = dbTime(after.takenAt);
        // The first bound is implied by the second; it lets the index scan start at the cursor
        // (alone, the OR is a filter over every newer photo: a page cost grew with its depth).
        query.andWhere(`i.${takenAt}`, '<=', at);
        query.andWhere((q) => q.where(`i.${takenAt}`, '<', at).orWhere((same) => same.where(`i.${takenAt}`, at).andWhere('i.id', '<', after.id)));
      }
      const ids: number[] = (
        await query
          .orderBy([
            { column: `i.${takenAt}`, order: 'desc' },
            { column: 'i.id', order: 'desc' },
          ])
          .limit(limit + 1)
          .select('i.id')
      ).map((row: any) => Number(row.id));
      // Only the columns the tab shows and a render reads: not the markup layers, nor the file's formats and metadata.
      const found =
        ids.length > 0
          ? await strapi.db.query(IMAGE).findMany({
              where: { id: { $in: ids } },
              select: [...LISTED_FIELDS],
              populate: { file: { select: [...SOURCE_FILE_FIELDS] }, markupOf: { select: ['documentId'] } },
            })
          : [];
      const byId = new Map<number, any>(found.map((row: any) => [row.id, row]));
      const rows = ids.map((id) => byId.get(id)).filter(Boolean);

      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const hasMore = rows.length > limit;
      return {
        results: page,
        nextCursor: hasMore && last ? encodeCursor({ takenAt: new Date(last.takenAt).toISOString(), id: last.id }) : null,
      };
    },
  };
});

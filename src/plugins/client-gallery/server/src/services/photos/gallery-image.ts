import { factories } from '@strapi/strapi';
import { ClientNotFoundError, GalleryImageNotFoundError, InvalidCursorError } from '../../lib/errors';
import { decodeCursor, encodeCursor } from '../../lib/keyset-cursor';
import { UID } from '../../uids';
import { visiblePhotos } from '../../admin/access';
import { LISTED_FIELDS, SOURCE_FILE_FIELDS } from '../../queries/image-rows';

const IMAGE = UID.galleryImage;


export type { ImageSource } from '../../../../shared/contracts';
import type { ImageSource } from '../../../../shared/contracts';

export interface ListForClientOptions {
  clientDocumentId: string;
  cursor?: string;
  limit: number;
  /** Which sources the viewer may see: photos from records they cannot read stay hidden. */
  sources: ImageSource[];
  label?: string;
  /** Only the photos a recipient (a share link's id) chose: in their working selection, or favourited; or that have a comment. */
  only?: ChoiceFilter;
}

export interface ChoiceFilter {
  selectedBy?: number;
  favouritedBy?: number;
  commented?: boolean;
}

/**
 * SQLite's plan for the admin tab's page of ids. SQLite keeps no statistics and always starts from
 * the client's link rows, then sorts all of them (0.45 µs a photo: 4.5 ms at 10,000). Walking the
 * (taken_at, id) index instead and probing the link reads about limit × all / theirs entries when
 * the client's photos are spread through the table (1.3 µs each), but far more when they are not:
 * a client is often one shoot, so their photos sit together by date, and a page of the oldest
 * client's photos would read every newer photo first.
 *
 * So the walk is tried only where it should pay (theirs² ≥ 3 × (limit + 1) × all), and it may read
 * at most theirs / 3 index entries: never more than the sort would cost. If that window does not
 * hold a full page (limit + 1 rows), the sort runs after all, and gives the page (the last one, or
 * one the window was too short for). Worst case, one page costs the window plus the sort.
 */
export const WALK_FACTOR = 3;

export default factories.createCoreService(IMAGE, ({ strapi }) => {
  /**
   * How many index entries a walk may read for this client's page; 0: sort. Two statements, each
   * bounded: the highest photo id (all photos, over-counted by deletions: leans to sorting) and the
   * client's link rows counted up to the most a decision needs.
   */
  async function walkWindow(table: string, link: { name: string; inverseJoinColumn: { name: string } }, clientId: number, limit: number) {
    const knex = strapi.db.connection;
    const everyone = Number((await knex(table).max('id as top').first())?.top ?? 0);
    const threshold = Math.ceil(Math.sqrt(WALK_FACTOR * (limit + 1) * everyone));
    const counted = await knex
      .count('* as n')
      .from(
        knex(link.name)
          .where(link.inverseJoinColumn.name, clientId)
          .select(knex.raw('1'))
          .limit(WALK_FACTOR * threshold)
          .as('c'),
      )
      .first();
    const theirs = Number(counted?.n ?? 0);
    return theirs > 0 && theirs >= threshold ? Math.floor(theirs / WALK_FACTOR) : 0;
  }

  /**
   * The image ids of one kind of choice (a selection item, a favourite, a comment), through the
   * relations' own link tables (each indexed on both columns): of one link when `linkId` is given.
   */
  function chosenBy(uid: typeof UID.selectionItem | typeof UID.favourite | typeof UID.comment, alias: string, linkId?: number) {
    const meta = strapi.db.metadata.get(uid);
    const image = (meta.attributes.image as any).joinTable;
    const link = (meta.attributes.link as any).joinTable;
    const q = strapi.db.connection(`${image.name} as ${alias}i`).select(`${alias}i.${image.inverseJoinColumn.name}`);
    if (linkId === undefined) return q;
    return q.join(`${link.name} as ${alias}l`, `${alias}l.${link.joinColumn.name}`, `${alias}i.${image.joinColumn.name}`).where(`${alias}l.${link.inverseJoinColumn.name}`, linkId);
  }

  /** The photos of these clients (gallery-image as `i`, its client link as `l`): what listings and counts start from. */
  function clientsPhotos(clientIds: number[]) {
    const meta = strapi.db.metadata.get(IMAGE);
    const link = (meta.attributes.client as any).joinTable;
    return strapi.db.connection(`${meta.tableName} as i`).join(`${link.name} as l`, `l.${link.joinColumn.name}`, 'i.id').whereIn(`l.${link.inverseJoinColumn.name}`, clientIds);
  }

  return {
    /**
     * How many photos each client has that this viewer sees: the Photos tab's own rule
     * (visiblePhotos), so the count shown over the tiles is the number of tiles.
     */
    async countVisible(clientIds: number[], sources: ImageSource[]): Promise<Map<number, number>> {
      const counts = new Map<number, number>(clientIds.map((id) => [id, 0]));
      if (clientIds.length === 0) return counts;
      const link = (strapi.db.metadata.get(IMAGE).attributes.client as any).joinTable;
      const clientColumn = `l.${link.inverseJoinColumn.name}`;
      const rows = await visiblePhotos(strapi, sources)
        .filter(clientsPhotos(clientIds), 'i')
        .groupBy(clientColumn)
        .select(`${clientColumn} as client`)
        .count({ total: '*' });
      for (const row of rows as any[]) counts.set(Number(row.client), Number(row.total));
      return counts;
    },

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
    async listForClient({ clientDocumentId, cursor, limit, sources, label, only = {} }: ListForClientOptions) {
      const client = await strapi.db.query(UID.client).findOne({ where: { documentId: clientDocumentId }, select: ['id'] });
      if (!client) throw new ClientNotFoundError();

      const after = cursor ? decodeCursor(cursor) : null;
      if (cursor && !after) throw new InvalidCursorError();

      // The page's ids first, by keyset on (taken_at, id), then only those rows. Strapi's relation
      // filter would SELECT DISTINCT every row of the client (its JSON included) and sort them all.
      const meta = strapi.db.metadata.get(IMAGE);
      const column = (name: string) => (meta.attributes[name] as any).columnName ?? name;
      const link = (meta.attributes.client as any).joinTable;
      const [takenAt, labelColumn] = [column('takenAt'), column('label')];
      // SQLite keeps datetimes as epoch milliseconds; the other databases take a Date.
      const sqlite = (strapi.db as any).dialect?.client === 'sqlite';
      const dbTime = (iso: string) => (sqlite ? Date.parse(iso) : new Date(iso));
      const knex = strapi.db.connection;
      const clientColumn = `l.${link.inverseJoinColumn.name}`;
      const newestFirst = (alias: string) => [
        { column: `${alias}.${takenAt}`, order: 'desc' as const },
        { column: `${alias}.id`, order: 'desc' as const },
      ];
      const keyset = (q: any, alias: string) => {
        if (!after) return q;
        const at = dbTime(after.takenAt);
        // The first bound is implied by the second; it lets the index scan start at the cursor
        // (alone, the OR is a filter over every newer photo: a page cost grew with its depth).
        return q
          .andWhere(`${alias}.${takenAt}`, '<=', at)
          .andWhere((o: any) =>
            o.where(`${alias}.${takenAt}`, '<', at).orWhere((same: any) => same.where(`${alias}.${takenAt}`, at).andWhere(`${alias}.id`, '<', after.id)),
          );
      };
      const rule = visiblePhotos(strapi, sources);
      const visible = (q: any) => {
        rule.filter(q, 'i');
        if (label) q.andWhere(`i.${labelColumn}`, label);
        // Each choice is a subquery, never a list of ids: the statement stays the same however many were chosen.
        if (only.selectedBy !== undefined) q.whereIn('i.id', chosenBy(UID.selectionItem, 'si', only.selectedBy));
        if (only.favouritedBy !== undefined) q.whereIn('i.id', chosenBy(UID.favourite, 'fv', only.favouritedBy));
        if (only.commented) q.whereIn('i.id', chosenBy(UID.comment, 'cm'));
        return q;
      };
      // From the client's link rows, sorted: any client, cost of the client's size.
      const sorted = async () =>
        keyset(visible(clientsPhotos([client.id])), 'i')
          .orderBy(newestFirst('i'))
          .limit(limit + 1)
          .select('i.id');
      // SQLite only: a window of the (taken_at, id) index, then the link and the row (CROSS JOIN keeps that order).
      const walked = async (window: number) => {
        const entries = keyset(knex(`${meta.tableName} as w0`), 'w0')
          .orderBy(newestFirst('w0'))
          .limit(window)
          .select('w0.id', `w0.${takenAt}`);
        return visible(
          knex
            .from(entries.as('w'))
            .crossJoin(`${link.name} as l`, `l.${link.joinColumn.name}`, 'w.id')
            .crossJoin(`${meta.tableName} as i`, 'i.id', 'w.id')
            .where(clientColumn, client.id),
        )
          .orderBy(newestFirst('w'))
          .limit(limit + 1)
          .select('w.id');
      };
      const filtered = Boolean(label || only.selectedBy !== undefined || only.favouritedBy !== undefined || only.commented);
      // A filter may keep few photos spread through the index: the walk would read its whole window for them.
      const window = sqlite && !filtered ? await walkWindow(meta.tableName, link, client.id, limit) : 0;
      let found: any[] = window > 0 ? await walked(window) : [];
      if (found.length <= limit) found = await sorted();
      const ids: number[] = found.map((row: any) => Number(row.id));
      // Only the columns the tab shows and a render reads: not the markup layers, nor the file's formats and metadata.
      const listed =
        ids.length > 0
          ? await strapi.db.query(IMAGE).findMany({
              where: { id: { $in: ids } },
              select: [...LISTED_FIELDS],
              populate: { file: { select: [...SOURCE_FILE_FIELDS] }, markupOf: { select: ['documentId'] } },
            })
          : [];
      const byId = new Map<number, any>(listed.map((row: any) => [row.id, row]));
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

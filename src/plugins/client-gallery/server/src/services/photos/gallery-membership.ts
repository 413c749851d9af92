import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { visiblePhotos } from '../../admin/access';
import { yieldToEventLoop } from '../../lib/event-loop';
import { notAMarkupDraft } from '../../lib/final-photos';
import type { ImageSource } from '../../../../shared/contracts';

const ENTRY = UID.galleryEntry;
const IMAGE = UID.galleryImage;
/** Rows or ids per statement: far below SQLite's variable limit, and no statement grows with the gallery. */
const CHUNK = 500;

export interface MemberPosition {
  position: number;
  imageId: number;
}

export interface MemberPageQuery {
  after?: MemberPosition | null;
  limit: number;
  label?: string;
  /** Only these images (e.g. the visitor's favourites). */
  onlyImageIds?: number[];
}

const chunks = <T>(items: T[], size = CHUNK): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Which photos a gallery holds, in the studio's order (docs/big-galleries.md).
 *
 * Membership used to be the ordered many-to-many `gallery.images`. On a draft-and-publish type,
 * Strapi copies such a relation on every publish and re-syncs its order in one statement with
 * four parameters per photo: a 10,000-photo gallery could not be published (SQLite ran out of
 * variables; PostgreSQL spent minutes in JIT), and every edit of the title rewrote it.
 *
 * Here membership is rows of its own, keyed by the gallery's documentId, which its draft and its
 * published version share. Publishing copies nothing; editing the title touches no entry; adding
 * photos is a batched insert; a reorder or a removal shows at once, to visitors too. Every
 * statement takes at most CHUNK rows or ids.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  function columns() {
    const meta = strapi.db.metadata.get(ENTRY);
    const column = (name: string) => (meta.attributes[name] as any).columnName ?? name;
    const images = strapi.db.metadata.get(IMAGE);
    const imageColumn = (name: string) => (images.attributes[name] as any).columnName ?? name;
    return {
      table: meta.tableName,
      documentId: column('documentId'),
      gallery: column('galleryDocumentId'),
      image: column('imageId'),
      position: column('position'),
      key: column('memberKey'),
      images: {
        table: images.tableName,
        label: imageColumn('label'),
        markupDraft: imageColumn('markupDraft'),
      },
    };
  }

  const memberKey = (galleryDocumentId: string, imageId: number) => `${galleryDocumentId}:${imageId}`;

  type Db = (table: string) => Knex.QueryBuilder;
  /**
   * Reads run in the caller's transaction when there is one: SQLite has one connection, and a
   * query beside an open transaction would wait for it forever. Writes always run in one.
   */
  // (strapi.db.transaction's typing wraps the callback's promise once more; it resolves to T.)
  const writing = <T>(work: (db: Db, onCommit: (callback: () => unknown) => void) => Promise<T>): Promise<T> =>
    strapi.db.transaction(({ trx, onCommit }) => work((table) => strapi.db.connection(table).transacting(trx), onCommit)) as unknown as Promise<T>;
  const reading = <T>(work: (db: Db) => Promise<T>): Promise<T> => (strapi.db.inTransaction() ? writing(work) : work((table) => strapi.db.connection(table)));

  /** A bulk write refreshes both tables of the page-of-ids statement once committed (services/background/table-statistics.ts). */
  const refreshStatisticsAfter = (onCommit: (callback: () => unknown) => void, rowsWritten: number) =>
    getService(strapi, 'table-statistics').wrote([columns().table, columns().images.table], rowsWritten, onCommit);

  async function insertRows(db: Db, galleryDocumentId: string, members: MemberPosition[]) {
    const c = columns();
    const now = new Date();
    for (const chunk of chunks(members)) {
      await db(c.table)
        .insert(
          chunk.map(({ imageId, position }) => ({
            [c.documentId]: crypto.randomBytes(12).toString('hex'),
            [c.gallery]: galleryDocumentId,
            [c.image]: imageId,
            [c.position]: position,
            [c.key]: memberKey(galleryDocumentId, imageId),
            created_at: now,
            updated_at: now,
          })),
        )
        .onConflict(c.key)
        .ignore();
      await yieldToEventLoop();
    }
  }

  return {
    /** The gallery's image ids in its order (all of them: for packages and counts, not for pages). */
    async imageIds(galleryDocumentId: string): Promise<number[]> {
      const c = columns();
      const rows: any[] = await reading((db) => db(c.table).where(c.gallery, galleryDocumentId).orderBy([c.position, c.image]).select(c.image));
      return rows.map((row: any) => Number(row[c.image]));
    },

    /**
     * One page of the gallery's final images (markup drafts never show), in its order, after
     * `after`: one indexed query on (gallery, position, image) joined to the images.
     */
    async page(galleryDocumentId: string, { after, limit, label, onlyImageIds }: MemberPageQuery): Promise<MemberPosition[]> {
      if (onlyImageIds && onlyImageIds.length === 0) return [];
      const c = columns();
      return reading(async (db) => {
        const query = db(`${c.table} as e`)
          .join(`${c.images.table} as i`, 'i.id', `e.${c.image}`)
          .where(`e.${c.gallery}`, galleryDocumentId)
          .andWhere(notAMarkupDraft(`i.${c.images.markupDraft}`));
        if (label) query.andWhere(`i.${c.images.label}`, label);
        if (onlyImageIds) query.whereIn(`e.${c.image}`, onlyImageIds.slice(0, 10_000));
        if (after) {
          // The first condition is implied by the second; it is there so the index scan starts at
          // the cursor. Alone, the OR is a filter: every earlier entry was read and thrown away, so
          // a page cost grew with its depth (PostgreSQL: 5,000 rows removed for page 50).
          query.andWhere(`e.${c.position}`, '>=', after.position);
          query.andWhere((q) =>
            q
              .where(`e.${c.position}`, '>', after.position)
              .orWhere((same) => same.where(`e.${c.position}`, after.position).andWhere(`e.${c.image}`, '>', after.imageId)),
          );
        }
        const rows = await query
          .orderBy([`e.${c.position}`, `e.${c.image}`])
          .limit(limit)
          .select(`e.${c.image} as imageId`, `e.${c.position} as position`);
        return rows.map((row: any) => ({
          imageId: Number(row.imageId),
          position: Number(row.position),
        }));
      });
    },

    /** Which of `imageIds` are in the gallery (one query per CHUNK ids). */
    async members(galleryDocumentId: string, imageIds: number[]): Promise<Set<number>> {
      const c = columns();
      const found = new Set<number>();
      await reading(async (db) => {
        for (const chunk of chunks([...new Set(imageIds)])) {
          const rows = await db(c.table).where(c.gallery, galleryDocumentId).whereIn(c.image, chunk).select(c.image);
          for (const row of rows) found.add(Number(row[c.image]));
        }
      });
      return found;
    },

    /** How many final images the gallery holds (markup drafts excluded): what its visitors see. */
    async count(galleryDocumentId: string): Promise<number> {
      const counts = await this.counts([galleryDocumentId], 'all');
      return counts.get(galleryDocumentId) ?? 0;
    },

    /**
     * Final-image counts of several galleries in one query: every final image (`'all'`, what a
     * visitor sees), or those a staff member sees from `sources` (admin/access visiblePhotos).
     */
    async counts(galleryDocumentIds: string[], sources: ImageSource[] | 'all'): Promise<Map<string, number>> {
      const c = columns();
      const result = new Map<string, number>();
      await reading(async (db) => {
        for (const chunk of chunks([...new Set(galleryDocumentIds)])) {
          const joined = db(`${c.table} as e`)
            .join(`${c.images.table} as i`, 'i.id', `e.${c.image}`)
            .whereIn(`e.${c.gallery}`, chunk);
          const final =
            sources === 'all'
              ? joined.andWhere(notAMarkupDraft(`i.${c.images.markupDraft}`))
              : visiblePhotos(strapi, sources).filter(joined, 'i');
          const rows = await final
            .groupBy(`e.${c.gallery}`)
            .select(`e.${c.gallery} as gallery`)
            .count({ total: '*' });
          for (const row of rows as any[]) result.set(row.gallery, Number(row.total));
        }
      });
      return result;
    },

    /**
     * Make the gallery hold exactly `imageIds`, in that order. Costs O(changed photos): kept photos
     * whose place did not change are not written, new ones are a batched insert, removed ones a
     * batched delete.
     */
    async set(galleryDocumentId: string, imageIds: number[]) {
      const wanted = [...new Set(imageIds)];
      await writing(async (db, onCommit) => {
        const c = columns();
        const existing = new Map<number, number>();
        const rows = await db(c.table).where(c.gallery, galleryDocumentId).select(c.image, c.position);
        for (const row of rows) existing.set(Number(row[c.image]), Number(row[c.position]));

        const keep = new Set(wanted);
        const removed = [...existing.keys()].filter((id) => !keep.has(id));
        for (const chunk of chunks(removed)) {
          await db(c.table).where(c.gallery, galleryDocumentId).whereIn(c.image, chunk).delete();
          await yieldToEventLoop();
        }
        await getService(strapi, 'selection').leaveWorkingSelections(galleryDocumentId, removed);
        const added = wanted.map((imageId, position) => ({ imageId, position })).filter(({ imageId }) => !existing.has(imageId));
        await insertRows(db, galleryDocumentId, added);
        refreshStatisticsAfter(onCommit, added.length + removed.length);
        const moved = wanted
          .map((imageId, position) => ({ imageId, position }))
          .filter(({ imageId, position }) => existing.has(imageId) && existing.get(imageId) !== position);
        for (const chunk of chunks(moved, 200)) {
          const cases = chunk.map(() => 'WHEN ? THEN CAST(? AS INTEGER)').join(' ');
          await db(c.table)
            .whereIn(
              c.key,
              chunk.map(({ imageId }) => memberKey(galleryDocumentId, imageId)),
            )
            .update({
              [c.position]: strapi.db.connection.raw(`CASE ?? ${cases} END`, [
                c.key,
                ...chunk.flatMap(({ imageId, position }) => [memberKey(galleryDocumentId, imageId), position]),
              ]),
            });
          await yieldToEventLoop();
        }
      });
    },

    /** Add photos at the end, in the order given; ones already there stay where they are. One batched insert. */
    async append(galleryDocumentId: string, imageIds: number[]) {
      await writing(async (db, onCommit) => {
        const c = columns();
        const [{ last }] = await db(c.table).where(c.gallery, galleryDocumentId).max({ last: c.position });
        const start = last === null || last === undefined ? 0 : Number(last) + 1;
        const added = [...new Set(imageIds)].map((imageId, i) => ({ imageId, position: start + i }));
        await insertRows(db, galleryDocumentId, added);
        refreshStatisticsAfter(onCommit, added.length);
      });
    },

    /** Take photos out of the gallery; they leave its links' open selections too (services/proofing/selection.ts). */
    async remove(galleryDocumentId: string, imageIds: number[]) {
      const c = columns();
      await writing(async (db) => {
        for (const chunk of chunks(imageIds)) await db(c.table).where(c.gallery, galleryDocumentId).whereIn(c.image, chunk).delete();
        await getService(strapi, 'selection').leaveWorkingSelections(galleryDocumentId, imageIds);
      });
    },

    /** Photos deleted from the studio leave every gallery. */
    async forgetImages(imageIds: number[]) {
      const c = columns();
      await writing(async (db) => {
        for (const chunk of chunks(imageIds)) await db(c.table).whereIn(c.image, chunk).delete();
      });
    },

    /** A deleted gallery's entries go with it. */
    async forgetGallery(galleryDocumentId: string) {
      const c = columns();
      await writing((db) => db(c.table).where(c.gallery, galleryDocumentId).delete());
    },

    /** The galleries (documentIds) that hold an image. */
    async galleriesOf(imageId: number): Promise<string[]> {
      const c = columns();
      const rows: any[] = await reading((db) => db(c.table).where(c.image, imageId).select(c.gallery));
      return rows.map((row: any) => row[c.gallery]);
    },
  };
};

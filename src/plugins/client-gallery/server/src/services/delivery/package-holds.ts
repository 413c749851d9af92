import type { Core } from '@strapi/strapi';
import { mediaKeyOf, objectOfMediaKey, type StoredObject } from '../../lib/media-keys';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const HOLD = UID.packageFile;
const PACKAGE = UID.downloadPackage;
/** Rows per statement (an IN list of this many keys stays well inside every database's limits). */
const CHUNK = 500;
/** A deletion left pending by a process that died between its steps is finished after this long. */
const STALE_PENDING_MS = 3600_000;

const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * Stored files that live packages hold. A package's frozen zip layout names stored files by key
 * (lib/package-manifest.ts); while the package can be downloaded those exact bytes must stay, or
 * every download is cut off at that entry. So the keys are rows (`package_files`, one per package
 * and key), written in the transaction that freezes the layout, and every deletion of a stored
 * derivative (a photo deleted by any route, a superseded variant) goes through `remove` here:
 * a held file is kept, with a pending deletion (a row with no package), and is deleted when the
 * last package that holds it is released (expired, failed, deleted, or frozen again without it).
 *
 * Why a deletion cannot slip between a preparation's freeze and its "ready": each side writes
 * first and reads the other side after its write is committed. A deletion writes its pending row,
 * then reads the holds; a preparation writes its holds, then reads the pending rows (and prepares
 * again, without the deleted photo, if it finds one). Whichever reads second sees the other's row.
 * A deletion that already finished removed its pending row, but it deleted the photo's row before
 * its files, so the preparation also checks that its photos still exist (download-package.ts).
 *
 * Keys are storage.ts's provider-neutral media keys (`mediaKeyOf`: `derivatives/<dir>/<id>.jpg`).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const holds = () => strapi.db.query(HOLD);
  const storage = () => getService(strapi, 'storage');

  async function keysWhere(keys: string[], held: boolean): Promise<Set<string>> {
    const found = new Set<string>();
    for (const part of chunks([...new Set(keys)])) {
      const rows = await holds().findMany({ where: { storageKey: { $in: part }, packageId: held ? { $notNull: true } : { $null: true } }, select: ['storageKey'] });
      for (const row of rows) found.add(row.storageKey);
    }
    return found;
  }

  /** Delete the files among `keys` whose deletion is pending and that no package holds any more. */
  async function finishPending(keys: string[]) {
    const pending = await keysWhere(keys, false);
    if (pending.size === 0) return;
    const held = await keysWhere([...pending], true);
    for (const key of pending) {
      if (held.has(key)) continue;
      try {
        await storage().remove(objectOfMediaKey(key));
      } catch (error) {
        // Left pending: the next release or sweep tries again.
        strapi.log.error(`package-holds: could not remove ${key}: ${(error as Error).message}`);
        continue;
      }
      // Only after the file is gone, so a preparation that freezes this key meanwhile still sees the deletion.
      await holds().deleteMany({ where: { storageKey: key, packageId: { $null: true } } });
    }
  }

  return {
    /** Of `candidates` (media keys), the ones a live package holds: a sweeper must not delete those. */
    async referencedKeys(candidates: string[]): Promise<Set<string>> {
      return keysWhere(candidates, true);
    },

    /**
     * The package's holds become exactly `keys`. Call it inside the transaction that freezes the
     * layout; then, after commit, `conflicts(keys)` and `released(dropped)`.
     * Returns the keys it no longer holds.
     */
    async hold(packageId: number, keys: string[]): Promise<string[]> {
      const wanted = new Set(keys);
      const before = await holds().findMany({ where: { packageId }, select: ['id', 'storageKey'] });
      const had = new Set(before.map((row: { storageKey: string }) => row.storageKey));
      const dropped = before.filter((row: { storageKey: string }) => !wanted.has(row.storageKey));
      for (const part of chunks(dropped.map((row: { id: number }) => row.id))) await holds().deleteMany({ where: { id: { $in: part } } });
      const added = [...wanted].filter((key) => !had.has(key));
      for (const part of chunks(added)) await holds().createMany({ data: part.map((storageKey) => ({ packageId, storageKey })) });
      return dropped.map((row: { storageKey: string }) => row.storageKey);
    },

    /** Keys among these whose stored file is being (or was) deleted: a layout naming them may be cut short. */
    conflicts(keys: string[]): Promise<Set<string>> {
      return keysWhere(keys, false);
    },

    /** Deletions that waited for these keys go ahead where nothing holds them any more. */
    released(keys: string[]) {
      return finishPending(keys);
    },

    /** Drop every hold of these packages, and delete the files that only they kept. */
    async release(packageIds: number[]) {
      if (packageIds.length === 0) return;
      const keys: string[] = [];
      for (const part of chunks(packageIds)) {
        const rows = await holds().findMany({ where: { packageId: { $in: part } }, select: ['storageKey'] });
        keys.push(...rows.map((row: { storageKey: string }) => row.storageKey));
        await holds().deleteMany({ where: { packageId: { $in: part } } });
      }
      await finishPending(keys);
    },

    /**
     * Delete stored derivatives, except the ones a live package holds: those get a pending
     * deletion and go when released. Inside a transaction this waits for the commit: the pending
     * rows must be visible to other processes before the holds are read.
     */
    async remove(objects: Array<Pick<StoredObject, 'path' | 'hash' | 'ext'>>) {
      if (objects.length === 0) return;
      const run = async () => {
        const keys = [...new Set(objects.map(mediaKeyOf))];
        const createdAt = new Date();
        for (const part of chunks(keys)) await holds().createMany({ data: part.map((storageKey) => ({ packageId: null, storageKey, createdAt })) });
        await finishPending(keys);
      };
      if (!strapi.db.inTransaction()) return run();
      await strapi.db.transaction(({ onCommit }) => {
        onCommit(() => void run().catch((error) => strapi.log.error(`package-holds: deleting stored files failed: ${(error as Error).message}`)));
      });
    },

    /**
     * Release the packages that can no longer be downloaded (expired, failed, deleted) but still
     * hold files, and finish deletions a dead process left pending. Run by the expiry task.
     */
    async sweep(now = new Date()) {
      const knex = strapi.db.connection;
      const column = (uid: typeof HOLD | typeof PACKAGE, attribute: string) =>
        (strapi.db.metadata.get(uid).attributes[attribute] as { columnName?: string }).columnName ?? attribute;
      const holdTable = strapi.db.metadata.get(HOLD).tableName;
      const packageTable = strapi.db.metadata.get(PACKAGE).tableName;
      const packageId = column(HOLD, 'packageId');
      const dead: Array<{ id: number }> = await knex(holdTable)
        .distinct({ id: packageId })
        .whereNotNull(packageId)
        .whereNotExists(
          knex(packageTable)
            .select(knex.raw('1'))
            .whereRaw('??.?? = ??.??', [packageTable, 'id', holdTable, packageId])
            .whereIn(column(PACKAGE, 'status'), ['preparing', 'ready']),
        )
        .limit(100);
      await this.release(dead.map((row) => Number(row.id)));
      const stale = await holds().findMany({
        where: { packageId: { $null: true }, createdAt: { $lt: new Date(now.getTime() - STALE_PENDING_MS) } },
        select: ['storageKey'],
        limit: 100,
      });
      await finishPending(stale.map((row: { storageKey: string }) => row.storageKey));
      return dead.length;
    },
  };
};

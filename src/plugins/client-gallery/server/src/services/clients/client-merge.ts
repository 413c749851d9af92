import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { factories } from '@strapi/strapi';
import { ClientNotFoundError, mergeAlreadyUndone, MergeNotFoundError, MergeRejectedError } from '../../lib/errors';
import { recordSources } from '../../config';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import type { ImageSource, MergePreview } from '../../../../shared/contracts';

const CLIENT = UID.client;
const MERGE = UID.clientMerge;

/**
 * Everything a client owns: the plugin's own kinds, and the host's record types from the
 * `recordSources` registry, each by the relation attribute that points at the client.
 * Share links are not listed: they belong to galleries and move with them, which the merge
 * record reports separately.
 */
const PLUGIN_OWNED = [UID.galleryImage, UID.gallery, UID.activityEvent].map((uid) => ({ uid: uid as string, field: 'client' }));

function ownedKinds(strapi: Core.Strapi): Array<{ uid: string; field: string }> {
  return [...PLUGIN_OWNED, ...recordSources(strapi).map((source) => ({ uid: source.uid, field: source.clientField }))];
}

export type OwnedKind = string;
export type MergeVia = 'admin' | 'api' | 'content-manager';

/** What moved, per kind: row ids for the undo, document ids for people. */
export interface MovedRecords {
  kinds: Partial<Record<OwnedKind, { ids: number[]; documentIds: string[] }>>;
  shareLinks: string[];
}

interface ClientRow {
  id: number;
  documentId: string;
  name: string;
  mergedInto?: { id: number; documentId: string } | null;
}

function clientLink(strapi: Core.Strapi, uid: OwnedKind, field: string) {
  const attribute = strapi.db.metadata.get(uid).attributes[field] as any;
  const joinTable = attribute?.joinTable;
  if (!joinTable) throw new Error(`${uid} has no client relation`);
  return {
    table: joinTable.name as string,
    ownerColumn: joinTable.joinColumn.name as string,
    clientColumn: joinTable.inverseJoinColumn.name as string,
  };
}

export default factories.createCoreService(MERGE, ({ strapi }) => {
  const clients = () => strapi.db.query(CLIENT);

  async function findClient(documentId: unknown): Promise<ClientRow> {
    if (typeof documentId !== 'string' || documentId.length === 0) throw new ClientNotFoundError();
    const client = await clients().findOne({ where: { documentId }, populate: { mergedInto: true } });
    if (!client) throw new ClientNotFoundError();
    return client as ClientRow;
  }

  /** Re-point every row of `uid` owned by one of `ids` to `toClientId`; returns the owner row ids moved. */
  // Raw knex on the relation's join table: one UPDATE per kind, however many rows B owns.
  // Raw knex does not join the ambient transaction by itself, hence the explicit trx.
  async function moveOwned(trx: Knex.Transaction, { uid, field }: { uid: OwnedKind; field: string }, fromClientId: number, toClientId: number, onlyIds?: number[]) {
    const { table, ownerColumn, clientColumn } = clientLink(strapi, uid, field);
    const query = () => {
      const q = strapi.db.getConnection(table).transacting(trx).where(clientColumn, fromClientId);
      return onlyIds ? q.whereIn(ownerColumn, onlyIds) : q;
    };
    const rows: Array<Record<string, number>> = await query().select(ownerColumn);
    const ids = rows.map((row) => row[ownerColumn]);
    if (ids.length > 0) await query().update({ [clientColumn]: toClientId });
    return ids;
  }

  async function documentIdsOf(uid: OwnedKind, ids: number[]) {
    if (ids.length === 0) return [];
    const rows = await strapi.db.query(uid).findMany({ where: { id: { $in: ids } }, select: ['documentId'] });
    return [...new Set(rows.map((row: { documentId: string }) => row.documentId))];
  }

  async function shareLinksOf(galleryIds: number[]) {
    if (galleryIds.length === 0) return [];
    const links = await strapi.db
      .query(UID.shareLink)
      .findMany({ where: { gallery: { id: { $in: galleryIds } } }, select: ['documentId'] });
    return [...new Set(links.map((link: { documentId: string }) => link.documentId))];
  }

  /** The two clients of a merge, refused (400) where the merge would be: itself, or a merged-away client on either side. */
  async function mergeablePair(sourceId: unknown, targetId: unknown) {
    const source = await findClient(sourceId);
    const target = await findClient(targetId);
    if (source.id === target.id) throw new MergeRejectedError('A client cannot be merged into itself');
    if (source.mergedInto) throw new MergeRejectedError('This client was already merged into another client');
    if (target.mergedInto) throw new MergeRejectedError('The target client was merged away; merge into the client it was merged into');
    return { source, target };
  }

  return {
    /**
     * What merging `sourceId` into `targetId` would move, per kind, without moving anything: the
     * same checks as the merge (so a preview of a refused merge is refused too), then one count per kind.
     * Photos are counted as this staff member sees them (`sources`, as the Photos tab lists them),
     * and a kind of record they may not read is not shown.
     */
    async preview(sourceId: unknown, targetId: unknown, sources: ImageSource[]): Promise<MergePreview> {
      const { source, target } = await mergeablePair(sourceId, targetId);
      const labels = new Map<string, string>([
        [UID.galleryImage, 'Photos'],
        [UID.gallery, 'Galleries'],
        [UID.activityEvent, 'Activity events'],
        // A record kind's configured label, else its kind in words ("client-note" → "Client note").
        ...recordSources(strapi).map((kind) => [kind.uid, kind.label ?? kind.kind.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase())] as [string, string]),
      ]);
      const kinds: Array<{ uid: string; label: string; count: number }> = [];
      const unreadable = new Set(recordSources(strapi).filter((kind) => !sources.includes(kind.kind)).map((kind) => kind.uid));
      for (const kind of ownedKinds(strapi)) {
        if (unreadable.has(kind.uid)) continue;
        if (kind.uid === UID.galleryImage) {
          const photos = await getService(strapi, 'gallery-image').countVisible([source.id], sources);
          kinds.push({ uid: kind.uid, label: labels.get(kind.uid)!, count: photos.get(source.id) ?? 0 });
          continue;
        }
        // Documents, not rows: a draft-and-publish record has a row per version, and a merge moves both.
        const { table, ownerColumn, clientColumn } = clientLink(strapi, kind.uid, kind.field);
        const owner = strapi.db.metadata.get(kind.uid);
        const documentIdColumn = (owner.attributes.documentId as any)?.columnName ?? 'document_id';
        const [{ count }] = await strapi.db
          .getConnection(`${table} as l`)
          .join(`${owner.tableName} as o`, 'o.id', `l.${ownerColumn}`)
          .where(`l.${clientColumn}`, source.id)
          .countDistinct({ count: `o.${documentIdColumn}` });
        kinds.push({ uid: kind.uid, label: labels.get(kind.uid) ?? kind.uid, count: Number(count) });
      }
      const galleries = await strapi.db.query(UID.gallery).findMany({ where: { client: { id: source.id } }, select: ['id'] });
      const shareLinks = (await shareLinksOf(galleries.map((row: { id: number }) => row.id))).length;
      return { source: { documentId: source.documentId, name: source.name }, target: { documentId: target.documentId, name: (target as ClientRow).name }, kinds, shareLinks };
    },

    /** Merges, newest first; with a client, only those it took part in. */
    async history(clientDocumentId?: string) {
      const where = clientDocumentId
        ? { $or: [{ source: { documentId: clientDocumentId } }, { target: { documentId: clientDocumentId } }] }
        : {};
      const records = await strapi.db.query(MERGE).findMany({
        where,
        orderBy: [{ mergedAt: 'desc' }, { id: 'desc' }],
        limit: 100,
        populate: { source: { select: ['documentId', 'name'] }, target: { select: ['documentId', 'name'] } },
      });
      return records.map((record: any) => ({
        documentId: record.documentId,
        source: record.source,
        target: record.target,
        mergedAt: record.mergedAt,
        undoneAt: record.undoneAt ?? null,
        via: record.via,
        moved: summarise(record.moved as MovedRecords),
      }));
    },

    /**
     * Merge client `sourceId` (B) into `targetId` (A): every photo, note, form, appointment,
     * gallery (with its share links) and activity of B moves to A, B is marked merged into A,
     * and a record of what moved is kept for undo. All in one transaction: it moves all or nothing.
     */
    async merge(sourceId: unknown, targetId: unknown, via: MergeVia) {
      const { source, target } = await mergeablePair(sourceId, targetId);

      return strapi.db.transaction(async ({ trx }) => {
        const moved: MovedRecords = { kinds: {}, shareLinks: [] };
        for (const kind of ownedKinds(strapi)) {
          const ids = await moveOwned(trx, kind, source.id, target.id);
          if (ids.length > 0) moved.kinds[kind.uid] = { ids, documentIds: await documentIdsOf(kind.uid, ids) };
        }
        moved.shareLinks = await shareLinksOf(moved.kinds[UID.gallery]?.ids ?? []);

        const mergedAt = new Date();
        await clients().update({ where: { id: source.id }, data: { mergedInto: target.id, mergedAt } });
        const record = await strapi.db.query(MERGE).create({
          data: { source: source.id, target: target.id, moved, mergedAt, via },
        });
        return { id: record.id as number, documentId: record.documentId as string, source: source.documentId, target: target.documentId, mergedAt, moved: summarise(moved), via };
      });
    },

    /**
     * Undo a merge: what moved from B to A and is still with A goes back to B, and B is no
     * longer marked merged. Rows that moved on since (deleted, or merged further) stay where they are.
     */
    async undo(mergeDocumentId: unknown) {
      if (typeof mergeDocumentId !== 'string' || mergeDocumentId.length === 0) throw new MergeNotFoundError();
      const record = await strapi.db
        .query(MERGE)
        .findOne({ where: { documentId: mergeDocumentId }, populate: { source: true, target: true } });
      if (!record || !record.source || !record.target) throw new MergeNotFoundError();
      if (record.undoneAt) throw mergeAlreadyUndone();

      return strapi.db.transaction(async ({ trx }) => {
        const moved = record.moved as MovedRecords;
        const restored: Record<string, number> = {};
        for (const kind of ownedKinds(strapi)) {
          const ids = moved.kinds?.[kind.uid]?.ids ?? [];
          if (ids.length === 0) continue;
          restored[kind.uid] = (await moveOwned(trx, kind, record.target.id, record.source.id, ids)).length;
        }
        const undoneAt = new Date();
        await clients().update({ where: { id: record.source.id }, data: { mergedInto: null, mergedAt: null } });
        await strapi.db.query(MERGE).update({ where: { id: record.id }, data: { undoneAt } });
        return { documentId: record.documentId as string, source: record.source.documentId, target: record.target.documentId, undoneAt, restored };
      });
    },
  };
});

function summarise(moved: MovedRecords) {
  const counts: Record<string, number> = {};
  for (const [uid, entry] of Object.entries(moved.kinds)) counts[uid] = entry!.documentIds.length;
  return { counts, shareLinks: moved.shareLinks.length };
}

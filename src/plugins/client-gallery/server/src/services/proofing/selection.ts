import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import {
  isUniqueViolation,
  selectionConfirmed,
  selectionFull,
  selectionNotConfirmed,
  SelectionRoundNotFoundError,
  selectionTooSmall,
  ShareLinkNotFoundError,
  ShareNotFoundError,
} from '../../lib/errors';
import { addRefusal, boundsOf, compareRounds, confirmRefusal, phaseOf, type LatestRound } from '../../lib/selection-rules';
import type { ShareAccess } from '../../queries/share-rows';
import type { PublicRound } from '../../../../shared/public-api';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { yieldToEventLoop } from '../../lib/event-loop';

const SELECTION = UID.selection;
const ITEM = UID.selectionItem;
const LINK = UID.shareLink;
const IMAGE = UID.galleryImage;

const pairKey = (linkId: number, imageId: number) => `${linkId}:${imageId}`;
/** Ids per statement, as in gallery-membership. */
const CHUNK = 500;

const toRound = (row: any): PublicRound => ({
  round: row.round,
  confirmedAt: new Date(row.confirmedAt).toISOString(),
  confirmedBy: row.confirmedBy ?? null,
  count: Array.isArray(row.imageIds) ? row.imageIds.length : 0,
  items: Array.isArray(row.imageIds) ? row.imageIds : [],
  reopenedAt: row.reopenedAt ? new Date(row.reopenedAt).toISOString() : null,
  reopenReason: row.reopenReason ?? null,
});

/**
 * A link visitor's proofing selection, distinct from favourites.
 *
 * The working set is one `selection-item` row per (link, photo), unique in the database. Each
 * confirm freezes it as a `selection` row: round N, the photos in the order they were selected,
 * who and when; (link, round) is unique too. The latest round is frozen until the studio
 * reopens it; the next confirm is round N+1.
 *
 * Why max and "one round per confirm" hold under concurrency, on every process: every change
 * first writes the link's own row (a no-op UPDATE), which takes that row's lock (PostgreSQL) or
 * the database write lock (SQLite) until commit. Changes of one link's selection therefore run
 * one after another, and the count and round each reads are current.
 */
export default factories.createCoreService(SELECTION, ({ strapi }: { strapi: Core.Strapi }) => {
  const shareAccess = () => getService(strapi, 'share-access');

  /** Serialize this link's selection changes (see above). Must run inside the transaction. */
  async function lockLink(trx: unknown, linkId: number) {
    const meta = strapi.db.metadata.get(LINK);
    const used = (meta.attributes.downloadsUsed as { columnName?: string }).columnName ?? 'downloads_used';
    const knex = strapi.db.connection;
    await knex(meta.tableName)
      .transacting(trx as any)
      .where({ id: linkId })
      .update({ [used]: knex.raw('COALESCE(??, 0)', [used]) });
  }

  async function latestRound(linkId: number): Promise<(LatestRound & { id: number }) | null> {
    return strapi.db.query(SELECTION).findOne({ where: { link: { id: linkId } }, orderBy: { round: 'desc' } });
  }

  /** The working set's photos, in the order they were selected. */
  async function items(linkId: number): Promise<Array<{ imageId: number; documentId: string; selectedAt: string }>> {
    const rows = await strapi.db.query(ITEM).findMany({ where: { link: { id: linkId } }, orderBy: { id: 'asc' }, populate: { image: { select: ['id', 'documentId'] } } });
    return rows
      .filter((row: any) => row.image)
      .map((row: any) => ({ imageId: row.image.id, documentId: row.image.documentId, selectedAt: new Date(row.createdAt).toISOString() }));
  }

  async function countOf(linkId: number): Promise<number> {
    return strapi.db.query(ITEM).count({ where: { link: { id: linkId } } });
  }

  function who(link: { recipientName: string | null; recipientEmail: string | null }) {
    return [link.recipientName, link.recipientEmail ? `<${link.recipientEmail}>` : null].filter(Boolean).join(' ') || null;
  }

  return {
    /** GET /api/share/:token/selection: read-only in every status; `open` says whether it may change now. */
    async view(access: ShareAccess) {
      const { link, gallery } = shareAccess().authorize(access, 'own');
      const phase = phaseOf(await latestRound(link.id));
      const list = await items(link.id);
      const bounds = boundsOf(gallery);
      return {
        items: list.map(({ documentId, selectedAt }) => ({ id: documentId, selectedAt })),
        count: list.length,
        min: bounds.min,
        max: bounds.max,
        round: phase.round,
        confirmedAt: phase.confirmedAt,
        reopenReason: phase.reopenReason,
        open: shareAccess().can(access, 'select') && !phase.confirmed,
      };
    },

    /** PUT /api/share/:token/selection/:imageId: idempotent; refused past max (409) or while confirmed (409). */
    async add(access: ShareAccess, imageDocumentId: string) {
      const { link, gallery } = shareAccess().authorize(access, 'select');
      const image = await shareAccess().requireImage(access, imageDocumentId);
      await getService(strapi, 'access-attempt').takeVisitorWrite({ kind: 'mark', linkId: link.id });
      const bounds = boundsOf(gallery);
      return strapi.db.transaction(async ({ trx }) => {
        await lockLink(trx, link.id);
        // Under the link's lock: a photo taken out of the gallery since requireImage is not added
        // (its removal takes the same lock before it clears the working sets).
        if (!(await getService(strapi, 'gallery-membership').members(access.galleryDocumentId, [image.id])).has(image.id)) throw new ShareNotFoundError();
        const phase = phaseOf(await latestRound(link.id));
        const existing = await strapi.db.query(ITEM).findOne({ where: { pairKey: pairKey(link.id, image.id) }, select: ['id'] });
        const count = await countOf(link.id);
        if (phase.confirmed) throw selectionConfirmed(phase.round);
        if (existing) return { id: image.documentId, selected: true, count, max: bounds.max };
        const refused = addRefusal(phase, bounds, count);
        if (refused?.reason === 'full') throw selectionFull(refused.max, count);
        await strapi.db.query(ITEM).create({ data: { link: link.id, image: image.id, pairKey: pairKey(link.id, image.id) } });
        return { id: image.documentId, selected: true, count: count + 1, max: bounds.max };
      });
    },

    /** DELETE /api/share/:token/selection/:imageId: idempotent; refused while confirmed (409). */
    async remove(access: ShareAccess, imageDocumentId: string) {
      const { link, gallery } = shareAccess().authorize(access, 'select');
      const image = await shareAccess().requireImage(access, imageDocumentId);
      await getService(strapi, 'access-attempt').takeVisitorWrite({ kind: 'mark', linkId: link.id });
      return strapi.db.transaction(async ({ trx }) => {
        await lockLink(trx, link.id);
        const phase = phaseOf(await latestRound(link.id));
        if (phase.confirmed) throw selectionConfirmed(phase.round);
        await strapi.db.query(ITEM).deleteMany({ where: { pairKey: pairKey(link.id, image.id) } });
        return { id: image.documentId, selected: false, count: await countOf(link.id), max: boundsOf(gallery).max };
      });
    },

    /**
     * POST /api/share/:token/selection/confirm: freezes the working set as the next round and
     * answers with it. Two confirms at once give one round: the second finds it confirmed (409).
     */
    async confirm(access: ShareAccess): Promise<PublicRound> {
      const { link, gallery } = shareAccess().authorize(access, 'select');
      const bounds = boundsOf(gallery);
      const frozen = await strapi.db.transaction(async ({ trx }) => {
        await lockLink(trx, link.id);
        const phase = phaseOf(await latestRound(link.id));
        const list = await items(link.id);
        const refused = confirmRefusal(phase, bounds, list.length);
        if (refused?.reason === 'confirmed') throw selectionConfirmed(phase.round);
        if (refused?.reason === 'too-small') throw selectionTooSmall(refused.min, list.length);
        if (refused?.reason === 'too-large') throw selectionFull(refused.max, list.length);
        let round;
        try {
          round = await strapi.db.query(SELECTION).create({
            data: {
              link: link.id,
              gallery: gallery.id,
              round: phase.round,
              roundKey: `${link.id}:${phase.round}`,
              imageIds: list.map((item) => item.documentId),
              confirmedAt: new Date(),
              confirmedBy: who(link),
            },
          });
        } catch (error) {
          // The lock above makes this unreachable; the unique key is the database's own guarantee.
          if (isUniqueViolation(error)) throw selectionConfirmed(phase.round);
          throw error;
        }
        // The milestone and the studio's mail (an outbox row) commit with the round, or not at all.
        await getService(strapi, 'activity').record({ type: 'selection-confirmed', linkId: link.id, details: { round: round.round, count: round.imageIds.length } });
        return round;
      });
      return toRound(frozen);
    },

    /** GET /api/share/:token/selection/rounds: the visitor's confirmed rounds, newest first. */
    async visitorRounds(access: ShareAccess) {
      const { link } = shareAccess().authorize(access, 'own');
      return this.roundsOfLink(link.id);
    },

    async roundsOfLink(linkId: number): Promise<PublicRound[]> {
      const rows = await strapi.db.query(SELECTION).findMany({ where: { link: { id: linkId } }, orderBy: { round: 'desc' } });
      return rows.map(toRound);
    },

    /** The studio's view of one link's selection: working set, phase and rounds. */
    async forLink(linkDocumentId: string) {
      const link = await strapi.db.query(LINK).findOne({ where: { documentId: linkDocumentId }, select: ['id', 'documentId'] });
      if (!link) throw new ShareLinkNotFoundError();
      const phase = phaseOf(await latestRound(link.id));
      const list = await items(link.id);
      const rounds = await this.roundsOfLink(link.id);
      // What the client changed in their latest confirm, against the round before it (newest first).
      const [latest, previous] = rounds;
      const changes = latest && previous ? { from: previous.round, to: latest.round, ...compareRounds(previous.items, latest.items) } : null;
      return { link: link.documentId, ...phase, count: list.length, items: list.map((item) => item.documentId), rounds, changes };
    },

    /** Studio: reopen a confirmed selection with a reason the client sees; the next confirm is round N+1. */
    async reopen(linkDocumentId: string, reason: string) {
      const link = await strapi.db.query(LINK).findOne({ where: { documentId: linkDocumentId }, select: ['id'] });
      if (!link) throw new ShareLinkNotFoundError();
      await strapi.db.transaction(async ({ trx }) => {
        await lockLink(trx, link.id);
        const latest = await latestRound(link.id);
        if (!latest || latest.reopenedAt) throw selectionNotConfirmed();
        await strapi.db.query(SELECTION).update({ where: { id: latest.id }, data: { reopenedAt: new Date(), reopenReason: reason } });
        // The working set is open again: photos taken out of the gallery while it was frozen leave it now.
        const linkRow = await strapi.db.query(LINK).findOne({ where: { id: link.id }, populate: { gallery: { select: ['documentId'] } } });
        const working = await items(link.id);
        const members = linkRow?.gallery ? await getService(strapi, 'gallery-membership').members(linkRow.gallery.documentId, working.map((item) => item.imageId)) : new Set<number>();
        const gone = working.filter((item) => !members.has(item.imageId)).map((item) => pairKey(link.id, item.imageId));
        for (let i = 0; i < gone.length; i += CHUNK) await strapi.db.query(ITEM).deleteMany({ where: { pairKey: { $in: gone.slice(i, i + CHUNK) } } });
      });
      return this.forLink(linkDocumentId);
    },

    /** Studio: what changed between two confirmed rounds of one link. */
    async compare(linkDocumentId: string, from: number, to: number) {
      const link = await strapi.db.query(LINK).findOne({ where: { documentId: linkDocumentId }, select: ['id'] });
      if (!link) throw new ShareLinkNotFoundError();
      const rows = await strapi.db.query(SELECTION).findMany({ where: { link: { id: link.id }, round: { $in: [from, to] } } });
      const before = rows.find((row: any) => row.round === from);
      const after = rows.find((row: any) => row.round === to);
      if (!before || !after) throw new SelectionRoundNotFoundError();
      return { from, to, ...compareRounds(toRound(before).items, toRound(after).items) };
    },

    /**
     * Photos taken out of a gallery leave the working selection of every link of that gallery
     * whose selection is open; a confirmed round keeps them (its snapshot is history, and the
     * working set is pruned when the studio reopens it). Runs in the caller's transaction (the
     * removal's), and takes each link's lock as every selection change does, so an add racing
     * the removal either lands first and is cleared, or waits and finds the photo gone.
     */
    async leaveWorkingSelections(galleryDocumentId: string, imageIds: number[]) {
      if (imageIds.length === 0) return;
      await strapi.db.transaction(async ({ trx }) => {
        const linkIds: number[] = (await strapi.db.query(LINK).findMany({ where: { gallery: { documentId: galleryDocumentId } }, select: ['id'], orderBy: { id: 'asc' } })).map(
          (row: { id: number }) => row.id,
        );
        for (let i = 0; i < linkIds.length; i += CHUNK) {
          const chunk = linkIds.slice(i, i + CHUNK);
          for (const linkId of chunk) await lockLink(trx, linkId);
          const rounds = await strapi.db.query(SELECTION).findMany({ where: { link: { id: { $in: chunk } } }, select: ['round', 'reopenedAt'], populate: { link: { select: ['id'] } } });
          const latest = new Map<number, LatestRound>();
          for (const round of rounds as Array<LatestRound & { link?: { id: number } | null }>) {
            if (round.link && (latest.get(round.link.id)?.round ?? 0) < round.round) latest.set(round.link.id, round);
          }
          const open = chunk.filter((linkId) => !phaseOf(latest.get(linkId) ?? null).confirmed);
          for (let j = 0; j < imageIds.length && open.length > 0; j += CHUNK) {
            const keys = open.flatMap((linkId) => imageIds.slice(j, j + CHUNK).map((imageId) => pairKey(linkId, imageId)));
            for (let k = 0; k < keys.length; k += CHUNK) await strapi.db.query(ITEM).deleteMany({ where: { pairKey: { $in: keys.slice(k, k + CHUNK) } } });
            await yieldToEventLoop();
          }
        }
      });
    },

    /** Photo documentIds → gallery-image ids, for exports (admin). */
    async imageRows(documentIds: string[]) {
      if (documentIds.length === 0) return [];
      return strapi.db.query(IMAGE).findMany({ where: { documentId: { $in: documentIds } }, populate: { file: { select: ['name'] } } });
    },
  };
});

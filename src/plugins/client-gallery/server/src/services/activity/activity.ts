import type { Core } from '@strapi/strapi';
import { isUniqueViolation, NotificationNotFoundError } from '../../lib/errors';
import { milestoneMail } from '../../share/emails';
import { toActivity } from '../../share/mappers';
import { adminActivityUrl } from '../../share/urls';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

const EVENT = UID.activityEvent;
const LINK = UID.shareLink;
const GALLERY = UID.gallery;

export type ActivityType =
  | 'view'
  | 'favourite'
  | 'download'
  | 'package'
  | 'comment'
  | 'selection-confirmed'
  | 'password-failed'
  | 'access-claimed'
  | 'sign-in-sent'
  | 'signed-in'
  | 'invitation-sent'
  | 'invitation-failed'
  | 'reminder-sent'
  | 'deadline-passed'
  /** A staff member downloaded an original or a comparison in the admin panel (not a visitor: no link, never a milestone). */
  | 'staff-download';

/** The admin user acting (ctx.state.user). */
export interface StaffMember {
  id: number;
  email?: string | null;
}

export type Milestone =
  | 'first-view'
  | 'first-favourites'
  | 'full-gallery-download'
  | 'limited-download'
  | 'password-failures'
  | 'selection-confirmed'
  | 'new-comments'
  | 'deadline-passed'
  /** A package could not be prepared or served (services/delivery/download-package.ts fail): the studio should know. */
  | 'package-failed';

export interface RecordInput {
  type: ActivityType;
  linkId: number;
  imageId?: number | null;
  /**
   * Free-form context. Milestone detection reads:
   * - download/package: `scope: 'full-gallery'` (every image of the gallery was delivered) or
   *   `scope: 'limited'` (the link's download limit is now used up) — set by issue 5's code;
   * - password-failed: `failuresInWindow` and `windowStart` from the unlock counter.
   */
  details?: Record<string, unknown> | null;
  /**
   * At most one event per key, held by a unique column, so two processes cannot both record it
   * (a package delivery: one per package and day). A second record with the key stores nothing
   * and returns null.
   */
  deliveryKey?: string;
}

interface LinkContext {
  id: number;
  kind: 'general' | 'private';
  recipientEmail: string | null;
  recipientName: string | null;
  gallery: { id: number; documentId: string; title: string; client: { id: number; name: string } | null } | null;
}

const EVENT_POPULATE = {
  link: { select: ['documentId', 'kind', 'recipientEmail'] },
  gallery: { select: ['documentId', 'title'] },
  client: { select: ['documentId', 'name'] },
  image: { select: ['documentId'] },
};

/**
 * Activity and milestones. record() stores what a visitor did and decides, in one place, whether
 * it is a milestone. A milestone is stored once per link (a unique milestoneKey in the database,
 * so two server processes cannot both claim the "first" view), is an unread notification until
 * the studio marks it read, and is mailed to the studio's notify address through the outbox, in the
 * transaction that stores it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi).share;
  const events = () => strapi.db.query(EVENT);

  async function linkContext(linkId: number): Promise<LinkContext | null> {
    const link = await strapi.db.query(LINK).findOne({
      where: { id: linkId },
      select: ['id', 'kind', 'recipientEmail', 'recipientName'],
      populate: { gallery: { select: ['documentId'] } },
    });
    if (!link) return null;
    const gallery = link.gallery
      ? await strapi.db.query(GALLERY).findOne({
          where: { documentId: link.gallery.documentId, publishedAt: null },
          select: ['id', 'documentId', 'title'],
          populate: { client: { select: ['id', 'name'] } },
        })
      : null;
    return { ...link, gallery } as LinkContext;
  }

  function detectMilestone(input: RecordInput, link: LinkContext): { milestone: Milestone; key: string } | null {
    const details = input.details ?? {};
    const once = (milestone: Milestone, suffix = '') => ({ milestone, key: `${link.id}:${milestone}${suffix}` });
    switch (input.type) {
      case 'view':
        return link.kind === 'private' ? once('first-view') : null;
      case 'favourite':
        return link.kind === 'private' ? once('first-favourites') : null;
      case 'download':
      case 'package':
        // Once per package: a package prepared again that fails again is the same news.
        if (input.type === 'package' && details.state === 'failed') return once('package-failed', `:${String(details.packageId ?? '')}`);
        if (details.scope === 'full-gallery') return once('full-gallery-download');
        if (details.scope === 'limited') return once('limited-download');
        return null;
      case 'selection-confirmed':
        // Each confirmed round is news once (services/proofing/selection.ts passes the round).
        return once('selection-confirmed', `:${Number(details.round) || 0}`);
      case 'password-failed':
        // Once per link and counting window, as soon as the window holds enough failures.
        return Number(details.failuresInWindow) >= Number(config().notifyPasswordFailuresAfter)
          ? once('password-failures', `:${Number(details.windowStart) || 0}`)
          : null;
      default:
        return null;
    }
  }

  /**
   * The studio's mail about a milestone, queued in the caller's transaction (the one that stores
   * the milestone): the milestone exists with its mail or not at all. `notifiedAt` says it was queued;
   * the outbox delivers it, with retries, once.
   */
  async function enqueueNotice(milestone: Milestone, link: LinkContext) {
    const studio = await getService(strapi, 'studio-settings').studio();
    const to = studio.notifyEmail;
    if (!to) return null;
    const mail = milestoneMail({
      studioName: studio.name,
      milestone,
      who: link.kind === 'private' ? link.recipientName || link.recipientEmail || 'A client' : 'A visitor of the general link',
      galleryTitle: link.gallery?.title ?? 'a gallery',
      clientName: link.gallery?.client?.name ?? null,
      adminUrl: adminActivityUrl(studio.publicUrl),
    });
    await getService(strapi, 'mail-outbox').enqueue({ kind: 'milestone', to, mail });
    return new Date();
  }

  return {
    /**
     * What a staff member did with a client's photos in the admin panel (a download): kept in the
     * client's activity with who did it. No link, so never a milestone and never mailed.
     */
    async recordStaff(input: { type: 'staff-download'; clientId: number; imageId?: number | null; staff: StaffMember; details: Record<string, unknown> }) {
      return events().create({
        data: {
          type: input.type,
          client: input.clientId,
          image: input.imageId ?? null,
          details: { ...input.details, staff: { id: input.staff.id, email: input.staff.email ?? null } },
        },
      });
    },

    async record(input: RecordInput) {
      const link = await linkContext(input.linkId);
      if (!link) return null;
      const base = {
        type: input.type,
        link: link.id,
        gallery: link.gallery?.id ?? null,
        client: link.gallery?.client?.id ?? null,
        image: input.imageId ?? null,
        details: input.details ?? null,
        ...(input.deliveryKey ? { deliveryKey: input.deliveryKey } : {}),
      };
      const detected = detectMilestone(input, link);
      if (detected) {
        try {
          return await strapi.db.transaction(async () => {
            const event = await events().create({ data: { ...base, milestone: detected.milestone, milestoneKey: detected.key } });
            const notifiedAt = await enqueueNotice(detected.milestone, link);
            return notifiedAt ? events().update({ where: { id: event.id }, data: { notifiedAt } }) : event;
          });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error; // already reached once (or this delivery is): record as plain activity
        }
      }
      if (!input.deliveryKey) return events().create({ data: base });
      try {
        return await strapi.db.transaction(() => events().create({ data: base }));
      } catch (error) {
        if (isUniqueViolation(error)) return null; // recorded already, here or in another process
        throw error;
      }
    },

    /** Has the event with this delivery key been recorded? (A cheap look before the work of recording it.) */
    async hasDelivery(deliveryKey: string) {
      return (await events().count({ where: { deliveryKey } })) > 0;
    },

    /** Resolves when every mail this process started sending has been sent or has failed (the outbox delivers them). */
    async settled() {
      await getService(strapi, 'mail-outbox').settled();
    },

    async list(where: Record<string, unknown>, { limit = 50, offset = 0 } = {}) {
      const rows = await events().findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit, offset, populate: EVENT_POPULATE });
      return rows.map(toActivity);
    },

    forClient(clientDocumentId: string, page?: { limit?: number; offset?: number }) {
      return this.list({ client: { documentId: clientDocumentId } }, page);
    },

    forLink(linkDocumentId: string, page?: { limit?: number; offset?: number }) {
      return this.list({ link: { documentId: linkDocumentId } }, page);
    },

    notifications({ unreadOnly = true, limit = 50, offset = 0 } = {}) {
      return this.list(unreadOnly ? { milestone: { $notNull: true }, readAt: { $null: true } } : { milestone: { $notNull: true } }, { limit, offset });
    },

    async markRead(documentId: string) {
      const event = await events().findOne({ where: { documentId, milestone: { $notNull: true } } });
      if (!event) throw new NotificationNotFoundError();
      const updated = await events().update({ where: { id: event.id }, data: { readAt: event.readAt ?? new Date() }, populate: EVENT_POPULATE });
      return toActivity(updated);
    },
  };
};

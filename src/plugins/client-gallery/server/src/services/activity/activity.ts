import type { Core } from '@strapi/strapi';
import type { ActivityType, LinkKind, MilestoneKind } from '../../../../shared/contracts';
import { isUniqueViolation, NotificationNotFoundError } from '../../lib/errors';
import { viewKey } from '../../lib/activity-counts';
import { MILESTONE_EVENT, MILESTONES, milestoneKey, milestoneOf, milestonePayload } from '../../lib/milestones';
import { renderMail } from '../../mail-templates';
import { toActivity } from '../../share/mappers';
import { adminActivityUrl } from '../../share/urls';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

const EVENT = UID.activityEvent;
const LINK = UID.shareLink;
const GALLERY = UID.gallery;

/** The admin user acting (ctx.state.user). */
export interface StaffMember {
  id: number;
  email?: string | null;
}

export interface RecordInput {
  type: ActivityType;
  linkId: number;
  imageId?: number | null;
  /**
   * Free-form context. The milestone rule (lib/milestones.ts) reads:
   * - download/package: `scope: 'full-gallery'` (every image of the gallery was delivered) or
   *   `scope: 'limited'` (the link's download limit is now used up), set by delivery.recordDelivery;
   *   a package's `state: 'failed'` and `packageId`;
   * - selection-confirmed: `round`;
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

export interface MilestoneInput {
  kind: MilestoneKind;
  /** The event's activity type, for a kind that has several (a download or a package); else the kind's own. */
  type?: ActivityType;
  /** The link it is about (its gallery and client follow from it); none for a gallery's own milestone. */
  linkId?: number | null;
  /** The gallery row it names; by default the link's gallery. */
  galleryId?: number | null;
  imageId?: number | null;
  /** Which occurrence of the kind this is (a round, a counting window, a digest, a deadline, a package): its key ends with it. */
  occurrence?: string;
  details?: Record<string, unknown> | null;
  deliveryKey?: string;
  /** When the caller tells the studio itself (the comment digest, the deadline mail). Without it, the milestone mail is queued here. */
  notifiedAt?: Date;
}

interface LinkContext {
  id: number;
  documentId: string;
  kind: LinkKind;
  recipientEmail: string | null;
  recipientName: string | null;
  gallery: { id: number; documentId: string; title: string; client: { id: number; documentId: string; name: string } | null } | null;
}

/** What a milestone is about: a link (with its gallery), or a gallery with no link. */
interface About {
  link: LinkContext | null;
  gallery: { id: number; documentId: string; title: string; client: { id: number; documentId: string; name: string } | null } | null;
}

const EVENT_POPULATE = {
  link: { select: ['documentId', 'kind', 'recipientEmail'] },
  gallery: { select: ['documentId', 'title'] },
  client: { select: ['documentId', 'name'] },
  image: { select: ['documentId'] },
};

/**
 * Activity and milestones. record() stores what a visitor did and asks lib/milestones.ts whether
 * it is a milestone. milestone() is the one door every milestone goes through, from record() and
 * from the tasks that find the others (comment digest, deadline lock): it stores the event once
 * (a unique milestoneKey, so two server processes cannot both claim the "first" view), which is
 * an unread notification until the studio marks it read; queues the studio's mail through the
 * outbox in the same transaction, unless the caller sends its own; and, once that transaction
 * commits, emits `client-gallery.milestone` on Strapi's event hub, which webhooks subscribe to.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi).share;
  const events = () => strapi.db.query(EVENT);

  async function linkContext(linkId: number): Promise<LinkContext | null> {
    const link = await strapi.db.query(LINK).findOne({
      where: { id: linkId },
      select: ['id', 'documentId', 'kind', 'recipientEmail', 'recipientName'],
      populate: { gallery: { select: ['documentId'] } },
    });
    if (!link) return null;
    const gallery = link.gallery
      ? await strapi.db.query(GALLERY).findOne({
          where: { documentId: link.gallery.documentId, publishedAt: null },
          select: ['id', 'documentId', 'title'],
          populate: { client: { select: ['id', 'documentId', 'name'] } },
        })
      : null;
    return { ...link, gallery } as LinkContext;
  }

  async function aboutOf(input: MilestoneInput): Promise<About | null> {
    if (input.linkId) {
      const link = await linkContext(input.linkId);
      return link ? { link, gallery: link.gallery } : null;
    }
    if (!input.galleryId) return null;
    const gallery = await strapi.db.query(GALLERY).findOne({
      where: { id: input.galleryId },
      select: ['id', 'documentId', 'title'],
      populate: { client: { select: ['id', 'documentId', 'name'] } },
    });
    return gallery ? { link: null, gallery } : null;
  }

  /**
   * The studio's mail about a milestone, queued in the caller's transaction (the one that stores
   * the milestone): the milestone exists with its mail or not at all. `notifiedAt` says it was queued;
   * the outbox delivers it, with retries, once.
   */
  async function enqueueNotice(milestone: MilestoneKind, about: About) {
    const studio = await getService(strapi, 'studio-settings').studio();
    const to = studio.notifyEmail;
    if (!to) return null;
    const link = about.link;
    const notice = {
      who: !link ? 'A client' : link.kind === 'private' ? link.recipientName || link.recipientEmail || 'A client' : 'A visitor of the general link',
      galleryTitle: about.gallery?.title ?? 'a gallery',
      clientName: about.gallery?.client?.name ?? null,
      adminUrl: adminActivityUrl(studio.publicUrl),
    };
    // A confirmed selection is the studio's cue to start work: it has its own template (and wording).
    const mail = milestone === 'selection-confirmed' ? renderMail('selection-confirmed', notice, studio) : renderMail('milestone', { ...notice, milestone }, studio);
    await getService(strapi, 'mail-outbox').enqueue({ kind: 'milestone', to, mail });
    return new Date();
  }

  /**
   * The one writer of milestones. Returns the stored event, or null when this occurrence was
   * reached before. It reads the key first (a unique violation would abort a caller's transaction
   * on PostgreSQL); two processes racing past the read still store one, and the loser's insert
   * throws the violation, for the caller to treat as "reached already".
   */
  async function reach(input: MilestoneInput, about: About) {
    const rule = MILESTONES[input.kind];
    const type = input.type ?? rule.activity[0];
    if (!rule.activity.includes(type)) throw new Error(`a ${input.kind} milestone is never a ${type} event`);
    const galleryId = input.galleryId ?? about.gallery?.id ?? null;
    const key = milestoneKey(input.kind, { linkId: about.link?.id, galleryId }, input.occurrence);
    if (await events().findOne({ where: { milestoneKey: key }, select: ['id'] })) return null;
    // Joins the caller's transaction when there is one: the milestone commits with its cause.
    return strapi.db.transaction(async ({ onCommit }) => {
      const data = {
        type,
        link: about.link?.id ?? null,
        gallery: galleryId,
        client: about.gallery?.client?.id ?? null,
        image: input.imageId ?? null,
        details: input.details ?? null,
        milestone: input.kind,
        milestoneKey: key,
        ...(input.deliveryKey ? { deliveryKey: input.deliveryKey } : {}),
        ...(input.notifiedAt ? { notifiedAt: input.notifiedAt } : {}),
      };
      let event = await events().create({ data });
      if (about.link) await getService(strapi, 'link-stats').bump(about.link.id, { type, details: input.details, milestone: input.kind }, new Date(event.createdAt));
      if (!input.notifiedAt) {
        const notifiedAt = await enqueueNotice(input.kind, about);
        if (notifiedAt) event = await events().update({ where: { id: event.id }, data: { notifiedAt } });
      }
      // Told once it is true: a rolled-back milestone never reaches a webhook.
      const payload = milestonePayload({
        documentId: event.documentId,
        kind: input.kind,
        createdAt: event.createdAt,
        details: input.details,
        link: about.link,
        gallery: about.gallery,
        client: about.gallery?.client ?? null,
      });
      onCommit(() => {
        strapi.eventHub.emit(MILESTONE_EVENT, { milestone: payload }).catch((error: Error) => strapi.log.error(`client-gallery: milestone event: ${error.message}`));
      });
      return event;
    });
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
      const reached = milestoneOf(
        { type: input.type, linkKind: link.kind, details: input.details },
        { passwordFailuresAfter: Number(config().notifyPasswordFailuresAfter) },
      );
      if (reached) {
        try {
          const event = await reach({ ...input, ...reached }, { link, gallery: link.gallery });
          if (event) return event;
        } catch (error) {
          if (!isUniqueViolation(error)) throw error; // reached in another process meanwhile (or this delivery is recorded)
        }
      }
      const base = {
        type: input.type,
        link: link.id,
        gallery: link.gallery?.id ?? null,
        client: link.gallery?.client?.id ?? null,
        image: input.imageId ?? null,
        details: input.details ?? null,
        ...(input.deliveryKey ? { deliveryKey: input.deliveryKey } : {}),
      };
      // The event and its link's counts commit together (services/activity/link-stats.ts).
      const store = () =>
        strapi.db.transaction(async () => {
          const event = await events().create({ data: base });
          await getService(strapi, 'link-stats').bump(link.id, { type: input.type, details: input.details }, new Date(event.createdAt));
          return event;
        });
      if (!input.deliveryKey) return store();
      try {
        return await store();
      } catch (error) {
        if (isUniqueViolation(error)) return null; // recorded already, here or in another process
        throw error;
      }
    },

    /**
     * A milestone found by a task rather than by one visitor's event (a comment digest, a passed
     * deadline), or any milestone a new writer names: the same door as record()'s. Returns the
     * stored event, or null when it was reached before (or what it names is gone).
     */
    async milestone(input: MilestoneInput) {
      const about = await aboutOf(input);
      return about ? reach(input, about) : null;
    },

    /**
     * A visitor opened the gallery: recorded once per visitor and UTC day (lib/activity-counts.ts
     * viewKey; the visitor is the link), so reloads and repeated visits are one row and one count.
     * A private link's first view is still its first-view milestone.
     */
    async recordView(linkId: number, at = new Date()) {
      const deliveryKey = viewKey(linkId, at);
      if (await this.hasDelivery(deliveryKey)) return null;
      return this.record({ type: 'view', linkId, deliveryKey });
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

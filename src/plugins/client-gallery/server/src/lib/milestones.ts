/**
 * Milestones, as pure rules: the moments of a shared gallery the studio is told about. Each is an
 * activity event flagged with its kind, stored once (a unique key), an unread notification until
 * the studio reads it, a mail when the plugin has a notify address, and the
 * `client-gallery.milestone` event that Strapi's webhooks can subscribe to. The activity service's
 * milestone() is the one writer; this module says what each kind is, when an activity event is
 * one, the key that makes it once-only and what the webhook may carry.
 */
import type { ActivityType, LinkKind, MilestoneKind, MilestoneWebhookPayload } from '../../../shared/contracts';

/** The event on Strapi's event hub, and the name a webhook subscribes to. */
export const MILESTONE_EVENT = 'client-gallery.milestone';
/** Its key in Strapi's webhook store (the store's allowed events are a key → event map). */
export const MILESTONE_WEBHOOK_KEY = 'CLIENT_GALLERY_MILESTONE';

export interface MilestoneRule {
  /** The activity types its event can carry (the first is the default). */
  activity: readonly [ActivityType, ...ActivityType[]];
  /** What it is once for: a link, or a gallery with no link (its deadline). */
  scope: 'link' | 'gallery';
  /** Which occurrence counts as new, if not the first one only (it ends the once-only key). */
  occurrence: string | null;
  /** The counts the webhook carries: payload name → field of the event's details. */
  counts: Readonly<Record<string, string>>;
}

/**
 * Every kind, by its stored value. The activity-event schema's `milestone` enum, the admin's
 * labels and the studio's mail texts cover the same list (tests/unit/milestones.test.ts and the
 * type check hold them together).
 */
export const MILESTONES: Readonly<Record<MilestoneKind, MilestoneRule>> = {
  /** A private link's recipient opened the gallery (a general link's views belong to nobody). */
  'first-view': { activity: ['view'], scope: 'link', occurrence: null, counts: {} },
  /** A private link's recipient marked a first favourite. */
  'first-favourites': { activity: ['favourite'], scope: 'link', occurrence: null, counts: {} },
  /** Every photo of the gallery has reached this link (single downloads or a package). */
  'full-gallery-download': { activity: ['download', 'package'], scope: 'link', occurrence: null, counts: { photos: 'imageCount' } },
  /** The link's download limit is used up. */
  'limited-download': { activity: ['download', 'package'], scope: 'link', occurrence: null, counts: { photos: 'imageCount' } },
  /** A link collected `notifyPasswordFailuresAfter` wrong passwords in one counting window. */
  'password-failures': { activity: ['password-failed'], scope: 'link', occurrence: 'counting window', counts: { failures: 'failuresInWindow' } },
  /** A final selection was confirmed. */
  'selection-confirmed': { activity: ['selection-confirmed'], scope: 'link', occurrence: 'round', counts: { photos: 'count', round: 'round' } },
  /** A link's client comments went out in the studio's digest (the comment digest task). */
  'new-comments': { activity: ['comment'], scope: 'link', occurrence: 'digest', counts: { comments: 'count' } },
  /** A proofing gallery's deadline passed and it was locked (the deadline task). */
  'deadline-passed': { activity: ['deadline-passed'], scope: 'gallery', occurrence: 'deadline', counts: {} },
  /** A package could not be prepared or served; ordering again is free. */
  'package-failed': { activity: ['package'], scope: 'link', occurrence: 'package', counts: { photos: 'imageCount' } },
};

export const MILESTONE_KINDS = Object.keys(MILESTONES) as MilestoneKind[];

/** An activity event as the rule sees it. */
export interface ActivityFacts {
  type: ActivityType;
  /** The kind of the link the event happened on. */
  linkKind: LinkKind;
  details?: Record<string, unknown> | null;
}

export interface MilestoneSettings {
  /** `share.notifyPasswordFailuresAfter`. */
  passwordFailuresAfter: number;
}

export interface Reached {
  kind: MilestoneKind;
  /** Which occurrence (see MilestoneRule.occurrence); absent for a once-per-link kind. */
  occurrence?: string;
}

/**
 * Whether a visitor's activity event is a milestone, and which. Whether it is the first one is
 * the database's to say (the unique key). New comments and a passed deadline are named by the
 * tasks that find them (the digest, the deadline lock), never by a single event.
 */
export function milestoneOf(event: ActivityFacts, settings: MilestoneSettings): Reached | null {
  const details = event.details ?? {};
  switch (event.type) {
    case 'view':
      return event.linkKind === 'private' ? { kind: 'first-view' } : null;
    case 'favourite':
      return event.linkKind === 'private' ? { kind: 'first-favourites' } : null;
    case 'download':
    case 'package':
      // Once per package: a package prepared again that fails again is the same news.
      if (event.type === 'package' && details.state === 'failed') return { kind: 'package-failed', occurrence: String(details.packageId ?? '') };
      if (details.scope === 'full-gallery') return { kind: 'full-gallery-download' };
      if (details.scope === 'limited') return { kind: 'limited-download' };
      return null;
    case 'selection-confirmed':
      return { kind: 'selection-confirmed', occurrence: String(Number(details.round) || 0) };
    case 'password-failed':
      // As soon as the window holds enough failures; the next window may be news again.
      return Number(details.failuresInWindow) >= settings.passwordFailuresAfter
        ? { kind: 'password-failures', occurrence: String(Number(details.windowStart) || 0) }
        : null;
    default:
      return null;
  }
}

/**
 * The milestone's once-only key (a unique column). These strings are stored: changing one would
 * let every milestone already reached be reached again.
 */
export function milestoneKey(kind: MilestoneKind, about: { linkId?: number | null; galleryId?: number | null }, occurrence?: string): string {
  const rule = MILESTONES[kind];
  if (rule.occurrence !== null && occurrence === undefined) throw new Error(`milestone ${kind} needs its ${rule.occurrence}`);
  const id = rule.scope === 'link' ? about.linkId : about.galleryId;
  if (id === null || id === undefined) throw new Error(`milestone ${kind} needs its ${rule.scope}`);
  const suffix = occurrence === undefined ? '' : `:${occurrence}`;
  return rule.scope === 'gallery' ? `gallery:${id}:${kind}${suffix}` : `${id}:${kind}${suffix}`;
}

/** A stored milestone event as the webhook payload is made from it. */
export interface StoredMilestone {
  documentId: string;
  kind: MilestoneKind;
  createdAt: string | Date;
  details?: Record<string, unknown> | null;
  link?: { documentId: string; kind?: LinkKind; recipientEmail?: string | null } | null;
  gallery?: { documentId: string } | null;
  client?: { documentId: string } | null;
}

/**
 * What the webhook carries, picked field by field (never spread from a row): ids, the private
 * recipient's address, the kind's counts and the time. Nothing in it opens a gallery or a file.
 */
export function milestonePayload(event: StoredMilestone): MilestoneWebhookPayload {
  const details = event.details ?? {};
  const counts: Record<string, number> = {};
  for (const [name, field] of Object.entries(MILESTONES[event.kind].counts)) {
    const value = details[field];
    if (typeof value === 'number' && Number.isFinite(value)) counts[name] = value;
  }
  return {
    id: event.documentId,
    kind: event.kind,
    at: new Date(event.createdAt).toISOString(),
    client: event.client?.documentId ?? null,
    gallery: event.gallery?.documentId ?? null,
    link: event.link?.documentId ?? null,
    recipientEmail: event.link && event.link.kind !== 'general' ? (event.link.recipientEmail ?? null) : null,
    counts,
  };
}

/**
 * The dashboard's rules, as pure functions of rows already read (services/activity/dashboard.ts
 * reads a bounded number of them with a constant number of statements).
 */
import type { ActivityType } from '../../../shared/contracts';
import type { ActivityGroup } from '../../../shared/dashboard';
import { utcDay } from './activity-counts';

/**
 * The last day a deadline may fall on to be "near": today plus `days` (UTC). A proofing gallery
 * whose deadline is on or before it (a passed one included, until the deadline task locks it)
 * and that has no confirmed selection needs the studio's attention.
 */
export function deadlineCutoff(now: Date, days: number): string {
  return utcDay(new Date(now.getTime() + days * 86_400_000));
}

/** A link's download limit is used up: it has a limit, and every photo of it was counted. */
export function limitUsedUp(limit: number | null | undefined, used: number | null | undefined): boolean {
  return limit !== null && limit !== undefined && limit > 0 && Number(used ?? 0) >= limit;
}

export interface CommentRow {
  id: number;
  author: 'client' | 'studio' | string | null;
  linkId: number | null;
  imageId: number | null;
}

/**
 * Threads (a link's comments on one photo, or on the gallery itself) whose newest comment is the
 * client's: the studio has not answered yet. `comments` come newest first; each thread is named
 * by its newest comment.
 */
export function awaitingReply<Row extends CommentRow>(comments: readonly Row[]): Row[] {
  const seen = new Set<string>();
  const waiting: Row[] = [];
  for (const comment of comments) {
    if (comment.linkId === null) continue;
    const thread = `${comment.linkId}:${comment.imageId ?? 'gallery'}`;
    if (seen.has(thread)) continue;
    seen.add(thread);
    if (comment.author !== 'studio') waiting.push(comment);
  }
  return waiting;
}

export interface RecentEvent {
  type: ActivityType;
  at: Date;
  client: { documentId: string; name: string } | null;
  gallery: { documentId: string; title: string } | null;
}

/**
 * Recent events, newest first, grouped per client and UTC day: one row says "Ines, today: 3
 * views, 12 favourites" instead of fifteen. Groups come newest first (by their newest event).
 */
export function groupActivity(events: readonly RecentEvent[], hrefOf: (clientDocumentId: string) => string): ActivityGroup[] {
  const groups = new Map<string, ActivityGroup>();
  for (const event of events) {
    const day = utcDay(event.at);
    const key = `${event.client?.documentId ?? ''}|${day}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        day,
        client: event.client,
        counts: {},
        galleries: [],
        firstAt: event.at.toISOString(),
        lastAt: event.at.toISOString(),
        href: event.client ? hrefOf(event.client.documentId) : null,
      };
      groups.set(key, group);
    }
    group.counts[event.type] = (group.counts[event.type] ?? 0) + 1;
    const at = event.at.toISOString();
    if (at < group.firstAt) group.firstAt = at;
    if (at > group.lastAt) group.lastAt = at;
    if (event.gallery && !group.galleries.some((gallery) => gallery.documentId === event.gallery!.documentId)) group.galleries.push(event.gallery);
  }
  return [...groups.values()].sort((a, b) => (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0));
}

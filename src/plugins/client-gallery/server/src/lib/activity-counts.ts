/**
 * What a link's counts are, as pure rules. The counts are kept in `link_stats` (one row per link),
 * raised in the same transaction that stores each activity event (services/activity/link-stats.ts),
 * so reading them never loads or counts events. The backfill of rows stored before the counters
 * existed applies the same rules in SQL (setup/link-stats-migration.ts); the tests hold both to a
 * brute-force count of the events.
 */
import type { ActivityType, MilestoneKind } from '../../../shared/contracts';

/** The counters of one link, by column name. */
export const COUNTERS = ['views', 'favourites', 'selections', 'downloads', 'packages', 'comments'] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const NO_COUNTS: Readonly<Counts> = Object.freeze({ views: 0, favourites: 0, selections: 0, downloads: 0, packages: 0, comments: 0 });

/**
 * The UTC day of a moment, `YYYY-MM-DD`: a visitor's views count once per such day. UTC, not the
 * studio's zone, so that every server process agrees on the day without a setting.
 */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The once-per-day key of a view (the activity event's unique `deliveryKey`). The visitor is the
 * link: a private link has one recipient, and a general link's visitors have no identity of their
 * own until they claim one (which gives them a private link), so a general link counts the days
 * it was viewed. Two processes recording the same view store one row.
 */
export function viewKey(linkId: number, at: Date): string {
  return `view:${linkId}:${utcDay(at)}`;
}

/**
 * Which counter an event raises, if any:
 * - view: one per visitor and UTC day (the key above makes the event itself once per day);
 * - favourite: a photo marked (a mark taken back is not subtracted: it was the client's interest);
 * - selection-confirmed: a confirmed round;
 * - download: a single photo delivered;
 * - package: a package delivered (one event per package and day); the request and a failure are
 *   not deliveries;
 * - comment: a client's comment (the comment digest's `new-comments` milestone is an event of
 *   type comment too, but it tells of comments already counted).
 */
export function counterOf(type: ActivityType, details?: Record<string, unknown> | null, milestone?: MilestoneKind | null): Counter | null {
  if (milestone === 'new-comments') return null;
  switch (type) {
    case 'view':
      return 'views';
    case 'favourite':
      return 'favourites';
    case 'selection-confirmed':
      return 'selections';
    case 'download':
      return 'downloads';
    case 'package':
      return details?.state === undefined || details?.state === null ? 'packages' : null;
    case 'comment':
      return 'comments';
    default:
      return null;
  }
}

/** A link's counts from its events, one by one: the brute-force count the kept counters must equal. */
export function countEvents(
  events: ReadonlyArray<{ type: ActivityType; details?: Record<string, unknown> | null; milestone?: MilestoneKind | null; createdAt: Date | string | number }>,
): Counts & { lastVisitAt: string | null } {
  const counts: Counts = { ...NO_COUNTS };
  const viewDays = new Set<string>();
  let lastVisit: number | null = null;
  for (const event of events) {
    const counter = counterOf(event.type, event.details, event.milestone);
    if (counter === 'views') {
      const at = new Date(event.createdAt);
      viewDays.add(utcDay(at));
      lastVisit = Math.max(lastVisit ?? 0, at.getTime());
    } else if (counter) counts[counter] += 1;
  }
  counts.views = viewDays.size;
  return { ...counts, lastVisitAt: lastVisit === null ? null : new Date(lastVisit).toISOString() };
}

/** The sum of several links' counts (a gallery's, a client's). */
export function sumCounts(rows: ReadonlyArray<Partial<Counts>>): Counts {
  const total: Counts = { ...NO_COUNTS };
  for (const row of rows) for (const counter of COUNTERS) total[counter] += Number(row[counter] ?? 0);
  return total;
}

/**
 * The studio's dashboard and counts, as the admin reads them (GET /client-gallery/dashboard,
 * /galleries/:documentId/counts, /clients/:documentId/counts). Shared by both halves.
 */
import type { ActivityType, LinkKind } from './contracts';

export interface CountsRow {
  /** Days on which the link's visitor opened the gallery (one view per visitor and UTC day). */
  views: number;
  /** Photos marked as favourites (a mark taken back still counts). */
  favourites: number;
  /** Confirmed selection rounds. */
  selections: number;
  /** Single photos delivered. */
  downloads: number;
  /** Packages delivered. */
  packages: number;
  /** Client comments. */
  comments: number;
}

export interface LinkCounts extends CountsRow {
  link: { documentId: string; kind: LinkKind; recipientEmail: string | null; recipientName: string | null; revoked: boolean };
  gallery: { documentId: string; title: string };
  /** Photos counted against the limit, and the limit (null: unlimited). */
  downloadsUsed: number;
  downloadLimit: number | null;
  lastVisitAt: string | null;
}

export interface GalleryCounts extends CountsRow {
  gallery: { documentId: string; title: string };
  downloadsUsed: number;
  lastVisitAt: string | null;
  links: LinkCounts[];
}

/** GET /galleries/:documentId/counts and /clients/:documentId/counts. */
export interface CountsResponse {
  data: GalleryCounts[];
  /** True when more links exist than one answer holds (see DASHBOARD_LIMITS.links). */
  meta: { truncated: boolean };
}

export type AttentionKind = 'deadline' | 'limit-used-up' | 'failed-mail' | 'failed-package' | 'comment-awaiting-reply';

/** Something the studio should act on, and where (an admin path). */
export interface AttentionItem {
  kind: AttentionKind;
  /** The admin path where the studio acts on it. */
  href: string;
  at: string | null;
  client: { documentId: string; name: string } | null;
  gallery: { documentId: string; title: string } | null;
  link: { documentId: string; kind: LinkKind; recipientEmail: string | null } | null;
  /** Per kind: deadline (date), limit and used, the mail's recipient and subject, the package's photo count. */
  details: Record<string, string | number | null>;
}

/** One client's activity on one UTC day, repeated events counted together. */
export interface ActivityGroup {
  day: string;
  client: { documentId: string; name: string } | null;
  counts: Partial<Record<ActivityType, number>>;
  galleries: Array<{ documentId: string; title: string }>;
  firstAt: string;
  lastAt: string;
  href: string | null;
}

export interface DashboardResponse {
  data: {
    attention: AttentionItem[];
    activity: ActivityGroup[];
  };
  meta: {
    /** The deadline window in days, and how many recent events the activity groups were made from. */
    deadlineDays: number;
    recentEvents: number;
    /** True when the groups were cut at the window's oldest event (the oldest group may be partial). */
    activityTruncated: boolean;
  };
}

/** The bounds that keep every dashboard answer constant in cost, whatever the data. */
export const DASHBOARD_LIMITS = {
  /** Rows per attention kind. */
  attentionPerKind: 50,
  /** Recent activity events the groups are made from. */
  recentEvents: 500,
  /** Recent comments looked at for threads awaiting a reply. */
  recentComments: 500,
  /** Links in one counts answer. */
  links: 1000,
  /** Default and largest deadline window. */
  deadlineDays: 3,
  maxDeadlineDays: 60,
} as const;

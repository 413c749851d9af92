/**
 * The public share API's request and response shapes, written once: the server's mappers build
 * them and the pages' bundle (and any headless client written in TypeScript) reads them.
 */
/** Download resolutions, smallest first: the one list the server, the admin and the pages use. */
export const RESOLUTIONS = ['web', 'high', 'original'] as const;
export type Resolution = (typeof RESOLUTIONS)[number];
/** What a link offers when it names no resolution. */
export const DEFAULT_RESOLUTIONS: readonly Resolution[] = ['web'];

export const GALLERY_STATUSES = ['proofing', 'locked', 'ready', 'archived'] as const;
export type GalleryStatus = (typeof GALLERY_STATUSES)[number];

export interface PublicGallery {
  id: string;
  title: string;
  status: GalleryStatus;
  welcomeNote: string | null;
  deadline: string | null;
  shootDate: string | null;
  cover: { thumbUrl: string | null; previewUrl: string | null; watermarked: boolean; expiresAt: string } | null;
  selection: { min: number | null; max: number | null } | null;
  commentsAllowed: boolean;
  /** Advanced review: each photo approved, or changes requested with a note. */
  reviewEnabled: boolean;
  filtersEnabled: boolean;
  link: LinkCapabilities;
}

/** What a link may do, as GET /api/share/:token tells it (decided by share-access). */
export interface LinkCapabilities {
  kind: 'general' | 'private';
  can: { view: boolean; own: boolean; favourite: boolean; select: boolean; comment: boolean; review: boolean; download: boolean; claim: boolean };
  settings: { watermark: boolean; downloadsEnabled: boolean; resolutions: Resolution[]; downloadsWatermarked: boolean; expiresAt: string | null; passwordProtected: boolean };
  downloads: { limit: number | null; used: number; remaining: number | null };
}

export interface PublicImage {
  id: string;
  /** The file name as the studio chose it. */
  fileName: string | null;
  takenAt: string;
  label: string | null;
  width: number | null;
  height: number | null;
  thumbUrl: string | null;
  previewUrl: string | null;
  watermarked: boolean;
  expiresAt: string;
  favourite: boolean;
  downloaded: boolean;
  /** An original shown together with its marked-up versions; null when no partner is in this gallery. */
  pairing: ImagePairing | null;
}

/**
 * A photo and its marked-up versions: the same value on every member of the group.
 * Only images of this gallery are named: a markup whose original is not shared has no pairing,
 * and an original lists only the markups that are shared with it.
 */
export interface ImagePairing {
  /** The original photo's id. */
  original: string;
  /** Its marked-up versions in this gallery, oldest first (each submit makes a new version). */
  markups: string[];
}

export interface DownloadManager {
  limit: number | null;
  used: number;
  remaining: number | null;
  resolutions: Resolution[];
  watermarked: boolean;
  items: { imageId: string; label: string | null; state: 'queued' | 'granted' | 'downloaded'; removable: boolean; downloadedAt: string | null }[];
}

export interface DownloadPackage {
  id: string;
  status: 'preparing' | 'ready' | 'failed' | 'expired';
  resolution: Resolution;
  imageCount: number;
  /** Photos whose file is made so far ("Preparing 120 of 460"). */
  prepared: number;
  /** The zip's exact size in bytes, once ready. */
  bytes: number | null;
  expiresAt: string;
  downloadUrl: string | null;
  /** GET it to follow preparation (PackageProgress). */
  statusUrl: string | null;
}

/** GET /api/packages/:packageToken/status */
export interface PackageProgress {
  id: string;
  status: DownloadPackage['status'];
  resolution: Resolution;
  prepared: number;
  total: number;
  bytes: number | null;
  expiresAt: string;
  /** Only when `status` is `failed`: what to tell the visitor (ordering again is free). */
  message?: string;
  reorderFree?: boolean;
}

export interface PortalGallery {
  id: string;
  title: string;
  status: string;
  available: boolean;
  passwordProtected: boolean;
  coverThumbUrl: string | null;
  client: { name: string } | null;
  shootDate: string | null;
  deadline: string | null;
  open: { method: 'POST'; path: string } | null;
}

/** GET /api/share/:token/selection: the working selection, or the confirmed round. */
export interface PublicSelection {
  items: { id: string; selectedAt: string }[];
  count: number;
  min: number | null;
  max: number | null;
  round: number;
  confirmedAt: string | null;
  /** Why the studio reopened the previous round. */
  reopenReason: string | null;
  /** May it change now (proofing, selection allowed, not confirmed)? */
  open: boolean;
}

/** A confirmed round: POST …/selection/confirm, GET …/selection/rounds. */
export interface PublicRound {
  round: number;
  confirmedAt: string;
  confirmedBy: string | null;
  count: number;
  items: string[];
  reopenedAt: string | null;
  reopenReason: string | null;
}

export interface PublicComment {
  id: string;
  imageId: string | null;
  body: string;
  author: 'client' | 'studio';
  authorName: string | null;
  createdAt: string;
}

export interface PublicComments {
  comments: PublicComment[];
  open: boolean;
}

/** A photo's review state: the client approves or asks for changes; the studio sets it back to in review. */
export type ReviewDecision = 'approved' | 'changes-requested' | 'in-review';
/** The decisions a client may give. */
export type ClientReviewDecision = Exclude<ReviewDecision, 'in-review'>;

export interface PublicReviewMark {
  imageId: string | null;
  decision: ReviewDecision;
  note: string | null;
  decidedBy: 'client' | 'studio';
  updatedAt: string;
}

export interface PublicReview {
  marks: PublicReviewMark[];
  open: boolean;
}

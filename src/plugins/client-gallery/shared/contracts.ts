/**
 * Request and response shapes shared by the admin UI and the plugin's admin routes. Facts the
 * visitor side shares (resolutions, statuses, rounds, comments, review marks) come from public-api.
 */
import type { GalleryStatus, PublicComment, PublicReviewMark, PublicRound, Resolution } from './public-api';

/** `upload`, `comparison`, or the kind of a host record source (`client-note`, `form`, …: the plugin's `recordSources` config). */
export type ImageSource = string;

export interface ClientSummary {
  documentId: string;
  name: string;
  email: string | null;
  phone: string | null;
  imageCount: number;
  mergedInto: { documentId: string; name: string } | null;
}

export interface ListClientsResponse {
  results: ClientSummary[];
  pagination: { page: number; pageSize: number; total: number; pageCount: number };
}

export interface AdminImage {
  documentId: string;
  takenAt: string;
  label: string | null;
  source: ImageSource;
  sourceRef: string | null;
  markupOf: string | null;
  /** The note, form or appointment the photo came from, for a link to it in the Content Manager. */
  record: { uid: string; documentId: string; label: string } | null;
  width: number | null;
  height: number | null;
  thumbUrl: string | null;
  previewUrl: string | null;
}

export interface ListImagesResponse {
  results: AdminImage[];
  nextCursor: string | null;
}

/** POST /clients and PUT /clients/:documentId: an empty email or phone is null. */
export interface ClientInput {
  name: string;
  email: string | null;
  phone: string | null;
}

export interface MergeRequest {
  source: string;
  target: string;
}

/** GET /merges/preview */
export interface MergePreview {
  source: { documentId: string; name: string };
  target: { documentId: string; name: string };
  kinds: Array<{ uid: string; label: string; count: number }>;
  shareLinks: number;
}

/** GET /merges?client= */
export interface MergeRecord {
  documentId: string;
  source: { documentId: string; name: string } | null;
  target: { documentId: string; name: string } | null;
  mergedAt: string;
  undoneAt: string | null;
}

/** POST /clients/:documentId/images: one result per file (a bad file fails the whole request with 400). */
export type UploadResult =
  | { file: string; status: 'created'; image: { documentId: string; takenAt: string; width: number; height: number; label: string | null } }
  | { file: string; status: 'duplicate'; existing: string };

export interface UploadResponse {
  results: UploadResult[];
}

/** GET /clients/:documentId/galleries */
export interface AdminGallery {
  documentId: string;
  title: string;
  status: GalleryStatus;
  /** Unpublished means "Unavailable" to every link. */
  published: boolean;
  shootDate: string | null;
  deadline: string | null;
  welcomeNote: string | null;
  proofing: GalleryProofingOptions;
  imageCount: number;
  /** The cover photo's documentId (null: the page shows the first photo). */
  coverDocumentId: string | null;
  /** The gallery's own watermark design (documentId); null: the studio's default. */
  watermarkDesign: string | null;
  updatedAt: string | null;
}

/** A gallery's proofing options. */
export interface GalleryProofingOptions {
  selectionAllowed: boolean;
  selectionMin: number | null;
  selectionMax: number | null;
  commentsAllowed: boolean;
  reviewEnabled: boolean;
  filtersEnabled: boolean;
  /** Deadline reminder mails to private recipients who have not confirmed (on unless the studio turned them off). */
  remindersEnabled: boolean;
  /** This gallery's own "days before the deadline" (largest first); null follows the plugin's `proofing.reminderDays`. */
  reminderDays: number[] | null;
  /** The plugin's `proofing.reminderDays` (read-only): what null means. */
  defaultReminderDays: number[];
}

/** POST /clients/:documentId/galleries: the photos named, or those with a label, or (neither) all. */
export interface NewGalleryRequest {
  title: string;
  status?: GalleryStatus;
  shootDate?: string | null;
  deadline?: string | null;
  welcomeNote?: string | null;
  selectionAllowed?: boolean;
  selectionMin?: number | null;
  selectionMax?: number | null;
  commentsAllowed?: boolean;
  reviewEnabled?: boolean;
  filtersEnabled?: boolean;
  remindersEnabled?: boolean;
  /** 1–5 distinct whole days from 1 to 60, or null for the plugin default. */
  reminderDays?: number[] | null;
  /** A watermark design's documentId; null draws the studio's default design. */
  watermarkDesign?: string | null;
  imageIds?: string[];
  label?: string;
}

/** PUT /galleries/:documentId */
export type GalleryChanges = Partial<Omit<NewGalleryRequest, 'imageIds' | 'label'>>;

export type LinkKind = 'general' | 'private';
export type LinkState = 'active' | 'revoked' | 'expired';
export type InvitationStatus = 'none' | 'pending' | 'sent' | 'failed';

export interface LinkSettings {
  watermark: boolean;
  downloadsEnabled: boolean;
  downloadLimit: number | null;
  resolutions: Resolution[];
  downloadsWatermarked: boolean;
  keepMetadata: boolean;
  expiresAt: string | null;
  passwordProtected: boolean;
}

/** The studio's view of a share link (src/api/share-link/mappers.ts toAdminLink): never a hash or token. */
export interface AdminLink {
  documentId: string;
  kind: LinkKind;
  gallery: { documentId: string; title: string | null } | null;
  recipientEmail: string | null;
  recipientName: string | null;
  createdFrom: string | null;
  state: LinkState;
  settings: LinkSettings;
  downloadsUsed: number;
  revokedAt: string | null;
  invitationStatus: InvitationStatus;
  invitationError: string | null;
  createdAt: string | null;
}

/** PUT /links/:documentId, and the settings part of create and share-with-client. `password: null` removes it. */
export interface LinkSettingsInput {
  watermark?: boolean;
  downloadsEnabled?: boolean;
  downloadLimit?: number | null;
  resolutions?: Resolution[];
  downloadsWatermarked?: boolean;
  keepMetadata?: boolean;
  expiresAt?: string | null;
  password?: string | null;
  recipientName?: string | null;
}

/** POST /galleries/:documentId/links */
export interface CreateLinkRequest extends LinkSettingsInput {
  kind: LinkKind;
  recipientEmail?: string;
}

/** POST /galleries/:documentId/share-with-client */
export interface ShareWithClientRequest extends Omit<LinkSettingsInput, 'recipientName'> {
  email: string;
  name?: string;
}

/** Create, regenerate, share and retry answer with the link and its token, shown once (only its hash is kept). */
export interface IssuedLinkResponse {
  data: AdminLink;
  meta: { token: string; invitation?: { sent: boolean; error: string | null } };
}

/** What an activity event records (the activity-event schema's `type` enum holds the same list). */
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

/**
 * The milestones: what the studio is told about (stored values, as the activity-event schema's
 * `milestone` enum holds them). What each means and when it is reached: server/src/lib/milestones.ts.
 */
export type MilestoneKind =
  | 'first-view'
  | 'first-favourites'
  | 'full-gallery-download'
  | 'limited-download'
  | 'password-failures'
  | 'selection-confirmed'
  | 'new-comments'
  | 'deadline-passed'
  | 'package-failed';

/**
 * The `client-gallery.milestone` webhook's body is `{event, createdAt, milestone}` (Strapi adds the
 * first two); this is `milestone`. Ids and counts only: never a token, a hash or a link that opens
 * anything.
 */
export interface MilestoneWebhookPayload {
  /** The milestone's activity event (the notification `POST /client-gallery/notifications/:id/read` marks read). */
  id: string;
  kind: MilestoneKind;
  /** When it was reached (ISO 8601). */
  at: string;
  /** documentIds; `link` is null for a gallery's own milestone (deadline passed). */
  client: string | null;
  gallery: string | null;
  link: string | null;
  /** The private link's recipient; null for a general link or no link. */
  recipientEmail: string | null;
  /** What the kind counts (photos, comments, failures, round), only those that apply. */
  counts: Record<string, number>;
}

/** Activity and milestone notifications (server/src/share/mappers.ts toActivity). */
export interface AdminActivity {
  documentId: string;
  type: ActivityType;
  milestone: MilestoneKind | null;
  at: string;
  link: { documentId: string; kind: LinkKind; recipientEmail: string | null } | null;
  gallery: { documentId: string; title: string } | null;
  client: { documentId: string; name: string } | null;
  image: string | null;
  details: Record<string, unknown> | null;
  readAt: string | null;
  notifiedAt: string | null;
}

/** GET /mails: a mail of the outbox as the studio sees it (never its body, which holds capability links). */
export interface AdminMail {
  id: string;
  kind: string;
  recipient: string;
  subject: string | null;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
}

/**
 * GET /galleries/:documentId/proofing: each recipient's proofing state, for the studio.
 * Rounds, comments and review marks have the shapes the recipient's own page reads.
 */
export interface ProofingRecipient {
  link: AdminLink;
  favourites: string[];
  selection: {
    link: string;
    round: number;
    confirmed: boolean;
    confirmedAt: string | null;
    reopenReason: string | null;
    count: number;
    items: string[];
    rounds: PublicRound[];
    /** The latest round against the one before it (each list in its round's order), or null before a second round. */
    changes: { from: number; to: number; added: string[]; removed: string[]; kept: string[] } | null;
  };
  comments: PublicComment[];
  review: PublicReviewMark[];
}

export interface ProofingOverview {
  recipients: ProofingRecipient[];
  /** Photo documentId → its file name as the studio uploaded it. */
  fileNames: Record<string, string | null>;
  /** Photo documentId → the photo as the Photos tab lists it (staff thumb and preview URLs); absent where the viewer may not see it. */
  photos: Record<string, AdminImage>;
}

export type ProofingExportList = 'selection' | 'favourites';
export type ProofingExportFormat = 'csv' | 'filenames' | 'lightroom';

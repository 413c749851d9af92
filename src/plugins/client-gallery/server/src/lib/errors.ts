import { errors } from '@strapi/utils';
import createHttpError from 'http-errors';

/**
 * Domain errors. Strapi maps the base classes to HTTP codes
 * (NotFound 404, Forbidden 403, Validation 400, RateLimit 429, PayloadTooLarge 413),
 * so controllers never catch and translate.
 */
export class ClientNotFoundError extends errors.NotFoundError {
  constructor() {
    super('Client not found');
  }
}
export class MergeNotFoundError extends errors.NotFoundError {
  constructor() {
    super('Merge record not found');
  }
}
export class MergeRejectedError extends errors.ValidationError {}

/**
 * 409: the request conflicts with the resource's current state. Strapi has no ApplicationError
 * for it, but its error middleware answers any http-errors HttpError with that error's own status.
 */
export function conflict(message: string, details?: Record<string, unknown>) {
  const error = createHttpError(409, message, { name: 'ConflictError' });
  if (details) Object.assign(error, { details });
  return error;
}

export const mergeAlreadyUndone = () => conflict('This merge was already undone');
export class InvalidCursorError extends errors.ValidationError {
  constructor() {
    super('Invalid cursor');
  }
}

export interface DownloadAllowance {
  limit: number | null;
  used: number;
  remaining: number | null;
}

/** The link's download limit cannot cover the request; nothing was granted. */
export class DownloadLimitReachedError extends errors.ForbiddenError {
  constructor(allowance: DownloadAllowance & { requested: number }) {
    super('Download limit reached', allowance);
    (this as { name: string }).name = 'DownloadLimitReachedError';
  }
}

/*
 * Share links and client access. Every visitor-facing "no" is one of these, and
 * every kind of "this link does not work" is the same ShareNotFoundError, so an attacker
 * cannot tell an unknown token from an expired or revoked one, or an image of another gallery.
 */
export class ShareNotFoundError extends errors.NotFoundError {
  constructor() {
    super('Not found');
  }
}
export class PasswordRequiredError extends errors.UnauthorizedError {
  /** `signIn`: a private link's recipient may instead ask for a one-time sign-in link by mail. */
  constructor(signIn = false) {
    super('This gallery is protected by a password', { unlock: 'POST /api/share/:token/unlock', ...(signIn ? { signIn: 'POST /api/share/:token/sign-in-link' } : {}) });
    (this as Error).name = 'PasswordRequiredError';
  }
}
export class WrongPasswordError extends errors.UnauthorizedError {
  constructor() {
    super('Wrong password');
    (this as Error).name = 'WrongPasswordError';
  }
}
/** A mailed sign-in link that is used, expired, or was mailed before the link or its password changed. */
export class SignInLinkInvalidError extends errors.UnauthorizedError {
  constructor() {
    super('This sign-in link has been used or is no longer valid: ask for a new one', { signIn: 'POST /api/share/:token/sign-in-link' });
    (this as Error).name = 'SignInLinkInvalidError';
  }
}
export class TooManyAttemptsError extends errors.RateLimitError {
  constructor(retryAfterSeconds: number) {
    super('Too many attempts, please try again later', { retryAfterSeconds });
    (this as Error).name = 'TooManyAttemptsError';
  }
}
/** The link works but the studio has unpublished its gallery: shown as "Unavailable". */
export class GalleryUnavailableError extends errors.ForbiddenError {
  constructor() {
    super('This gallery is unavailable');
    (this as Error).name = 'GalleryUnavailableError';
  }
}
/** The gallery's status or the link's settings do not allow this action. */
export class ActionNotAllowedError extends errors.ForbiddenError {
  constructor(action: string, reason: string) {
    super(`Not allowed: ${reason}`, { action, reason });
    (this as Error).name = 'ActionNotAllowedError';
  }
}
/** A general link is shared by everyone who has it; personal state (favourites) needs a private link first. */
export class ClaimRequiredError extends errors.ForbiddenError {
  constructor() {
    super('Enter your email to get your own private link first', { claim: 'POST /api/share/:token/claim' });
    (this as Error).name = 'ClaimRequiredError';
  }
}
export class EmailNotConfirmedError extends errors.ForbiddenError {
  constructor() {
    super('Confirm your email address first');
    (this as Error).name = 'EmailNotConfirmedError';
  }
}
export class GalleryNotFoundError extends errors.NotFoundError {
  constructor() {
    super('Gallery not found');
  }
}
/** A photo filter named a link that is not one of this client's galleries' links (or no link at all). */
export class UnknownRecipientError extends errors.ValidationError {
  constructor() {
    super("Unknown recipient: no share link of this client's galleries has that id", { name: 'UnknownRecipient' });
  }
}
export class ShareLinkNotFoundError extends errors.NotFoundError {
  constructor() {
    super('Share link not found');
  }
}
export class NotificationNotFoundError extends errors.NotFoundError {
  constructor() {
    super('Notification not found');
  }
}
/** Activity is what visitors and the studio did: only the plugin's services write it, so a milestone always has its mail and webhook. */
export class ActivityIsHistoryError extends errors.ForbiddenError {
  constructor() {
    super('Activity events are written by the plugin as things happen; they cannot be created or edited');
  }
}
export class MailNotFoundError extends errors.NotFoundError {
  constructor() {
    super('No such mail');
  }
}
export class MailTemplateNotFoundError extends errors.NotFoundError {
  constructor() {
    super('No such mail template');
  }
}

export const onlyGeneralLinksCanBeClaimed = () => conflict('Only a general link can be claimed; this link is already private', { name: 'NotAGeneralLink' });
export const generalLinkExists = () => conflict('This gallery already has a general link; regenerate it instead');
export const privateLinkExists = () => conflict('This gallery already has a private link for that email; use share-with-client or regenerate it');

/** True for a unique-constraint violation on PostgreSQL (23505) or SQLite, however deep the driver nested it. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause ?? e.originalError, depth += 1) {
    if (e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
    if (typeof e.message === 'string' && /UNIQUE constraint failed|duplicate key value violates unique constraint/i.test(e.message)) return true;
  }
  return false;
}

/** True when a write failed because the disk or the user's quota is full (ENOSPC, EDQUOT), however deep it is wrapped. */
export function isStorageFull(error: unknown): boolean {
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause ?? e.originalError, depth += 1) {
    if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return true;
  }
  return false;
}

/**
 * The answer to a write the server had no room for: 507 Insufficient Storage, with the reason.
 * Whoever answers it has removed what the request wrote (rows, stored files, temp files).
 */
export const STORAGE_FULL = {
  status: 507,
  name: 'InsufficientStorageError',
  message: "The server's storage is full, so nothing was stored; try again once space has been freed",
} as const;

/*
 * Downloads.
 */
export class PackageNotFoundError extends errors.NotFoundError {
  constructor() {
    super('Not found');
  }
}
/** What a visitor is told about a package whose preparation failed (the page shows it as it is). */
export const PACKAGE_FAILED_MESSAGE = 'Preparing this package failed. Order it again: that costs nothing, photos already counted against your download limit are not counted again.';

/**
 * 410: the package link is genuine, but its package will never be delivered (preparation
 * failed). Not a 404: the visitor must learn that ordering again is the way, and that it is free.
 */
export function packageFailed(details: { status: 'failed'; reorderFree: true; reorder: string }) {
  const error = createHttpError(410, PACKAGE_FAILED_MESSAGE, { name: 'PackageFailedError' });
  Object.assign(error, { details });
  return error;
}
export class EmptyDownloadError extends errors.ValidationError {
  constructor() {
    super('Nothing to download: choose photos or add them to the download manager');
  }
}
export const downloadedItemCannotBeRemoved = () =>
  conflict('This photo was already downloaded; it stays in the download manager', { name: 'AlreadyDownloaded' });

/** A photo the ingest refuses: not an image we accept, damaged, too many pixels, or a bad name. */
export class InvalidPhotoError extends errors.ValidationError {
  constructor(fileName: string, problem: string) {
    super(`${fileName} ${problem}`, { file: fileName, problem });
  }
}
export class PhotoTooLargeError extends errors.PayloadTooLargeError {
  constructor(fileName: string, limitBytes: number) {
    super(`${fileName} exceeds the size limit of ${limitBytes} bytes`, { file: fileName, limitBytes });
  }
}
/** A new gallery names photos that are not the client's, or has none to show. */
export class InvalidGalleryPhotosError extends errors.ValidationError {}
export class GalleryImageNotFoundError extends errors.NotFoundError {
  constructor() {
    super('Image not found');
  }
}

/*
 * Proofing: selection, confirmed rounds, comments, review. A refusal that depends on
 * the state of the selection (full, confirmed, too small) is a 409: the same request succeeds
 * once that state changes.
 */
export const selectionFull = (max: number, count: number) =>
  conflict(`The selection is full: at most ${max} photos`, { name: 'SelectionFull', max, count });
export const selectionConfirmed = (round: number) =>
  conflict(`Round ${round} of this selection is confirmed; it cannot change until the studio reopens it`, { name: 'SelectionConfirmed', round });
export const selectionTooSmall = (min: number, count: number) =>
  conflict(`Select at least ${min} photos before confirming`, { name: 'SelectionTooSmall', min, count });
export const selectionNotConfirmed = () => conflict('This selection is not confirmed, so there is nothing to reopen', { name: 'SelectionNotConfirmed' });
export class SelectionRoundNotFoundError extends errors.NotFoundError {
  constructor() {
    super('Selection round not found');
  }
}

/**
 * The studio's photo tools.
 */
/** A comparison the server cannot make: too few or too many photos, repeats, or photos of different clients. */
export class ComparisonRejectedError extends errors.ValidationError {}
/** A markup that cannot be kept (no layers). Undrawable layers are refused by the route's schema. */
export class MarkupRejectedError extends errors.ValidationError {}

/**
 * A stored file that is not there (or shorter than asked for): a fact about the store, unlike a
 * storage that is unreachable for a moment. A package that names such a file is broken for good
 * and is prepared again; a transient error only cuts off the one answer, and a retry succeeds.
 */
export class StoredFileMissingError extends Error {
  constructor(key: string, detail: string) {
    super(`storage: ${key} ${detail}`);
    this.name = 'StoredFileMissingError';
  }
}

/** The studio's logo upload: not a PNG, JPEG or WebP image sharp can read, or none at all. */
export class InvalidLogoError extends errors.ValidationError {
  constructor(problem: string) {
    super(`logo: ${problem}`, { errors: [{ path: ['logo'], message: problem, name: 'ValidationError' }] });
  }
}
export class LogoTooLargeError extends errors.PayloadTooLargeError {
  constructor(limit: number) {
    super(`logo: the file is over ${limit} bytes`, { limit });
  }
}

import crypto from 'crypto';
import { versionOf } from './share-crypto';

/**
 * Visitor media URLs bound to the capability that minted them (DESIGN.md, privacy model).
 *
 * A visitor's thumb or preview URL is `/media/<storage key>?exp=&cap=<link>.<version>&img=<photo>&sig=`:
 * - `link` is the share link's opaque documentId (never its sequential id);
 * - `photo` is the documentId of the gallery photo the URL shows: a stored variant is keyed by
 *   content (several photos may share it), so the URL itself says which membership it rests on,
 *   and a photo taken out of the gallery kills its URLs as a revoke does;
 * - `version` digests what must kill the URL when it changes: the link token (regenerate), the
 *   password (set, change, remove) and the views' watermark flag (a watermarked link never keeps
 *   a clean URL). Not the downloads' watermark ("Downloaded images have watermarks"): a media URL
 *   only ever names a thumb or preview, whose bytes that setting never changes, so killing views
 *   on its switch would protect nothing and blank every open page. Downloads are never media
 *   URLs: they are checked against the link as it is on each request, and a package frozen under
 *   the other setting is prepared again. Whether the link is live and its gallery published is
 *   checked as it is now;
 * - `sig` is an HMAC over key, expiry, capability and photo under the plugin's signing key.
 * The /media route recomputes the version from the link's current row, and checks the photo is
 * still in the link's gallery, on every request (services/share/link-capability.ts), so a revoke,
 * regenerate, password change, unpublish or removal refuses every URL minted before, at once.
 *
 * Expiry is rounded up to a window, so the same photo gets the same URL for a while and a
 * browser's cache hits on a revisit; the URL still never lives longer than the TTL.
 */
export interface CapabilityState {
  tokenHash: string | null;
  passwordHash: string | null;
  watermark: boolean | null;
}

const CAP_PATTERN = /^([a-z0-9]{10,40})\.([A-Za-z0-9_-]{16})$/;
const SIG_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const IMAGE_PATTERN = /^[a-z0-9]{10,40}$/;

const hmac = (key: Buffer, message: string) => crypto.createHmac('sha256', key).update(message).digest('base64url');

export function capabilityVersion(key: Buffer, state: CapabilityState): string {
  return hmac(key, `cap\n${versionOf(state.tokenHash)}\n${versionOf(state.passwordHash)}\n${state.watermark === false ? 'clean' : 'marked'}`).slice(0, 16);
}

/**
 * The expiry for a URL minted at `nowSeconds`: a window boundary between now + ttl − window and
 * now + ttl. The window is at most a third of the TTL, so a URL always has two thirds of it left.
 */
export function windowedExpiry(nowSeconds: number, ttlSeconds: number, windowSeconds: number): number {
  const window = Math.max(1, Math.min(windowSeconds, Math.floor(ttlSeconds / 3)));
  return Math.floor((nowSeconds + ttlSeconds) / window) * window;
}

export function signVisitorMedia(key: Buffer, storageKey: string, exp: number, cap: string, imageDocumentId: string): string {
  return hmac(key, `media\n${storageKey}\n${exp}\n${cap}\n${imageDocumentId}`);
}

/** The query of a visitor URL for one stored variant of one photo. */
export function visitorMediaQuery(key: Buffer, storageKey: string, exp: number, linkDocumentId: string, version: string, imageDocumentId: string): string {
  const cap = `${linkDocumentId}.${version}`;
  return `exp=${exp}&cap=${encodeURIComponent(cap)}&img=${encodeURIComponent(imageDocumentId)}&sig=${signVisitorMedia(key, storageKey, exp, cap, imageDocumentId)}`;
}

export interface VisitorMediaClaim {
  linkDocumentId: string;
  version: string;
  imageDocumentId: string;
  exp: number;
}

/**
 * The claim of a visitor URL if its signature, expiry and shape hold; null otherwise. Whether the
 * capability is still the link's current one is the caller's question (it needs the database).
 */
export function parseVisitorMedia(
  key: Buffer,
  storageKey: string,
  query: { exp?: unknown; cap?: unknown; img?: unknown; sig?: unknown },
  nowSeconds: number,
  maxTtlSeconds: number,
): VisitorMediaClaim | null {
  const { exp, cap, img, sig } = query;
  if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp) || typeof cap !== 'string' || typeof sig !== 'string' || !SIG_PATTERN.test(sig)) return null;
  if (typeof img !== 'string' || !IMAGE_PATTERN.test(img)) return null;
  const match = CAP_PATTERN.exec(cap);
  if (!match) return null;
  const expiry = Number(exp);
  if (expiry < nowSeconds || expiry > nowSeconds + maxTtlSeconds + 60) return null;
  const expected = Buffer.from(signVisitorMedia(key, storageKey, expiry, cap, img));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  return { linkDocumentId: match[1], version: match[2], imageDocumentId: img, exp: expiry };
}

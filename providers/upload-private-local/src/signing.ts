import crypto from 'crypto';

/**
 * HMAC-SHA256 signatures for media URLs. The signed message is the storage key plus the expiry,
 * so a signature names exactly one stored object (one variant) for a bounded time.
 */

/** Nobody gets a URL that lives longer than this, whatever the configuration says. */
export const MAX_TTL_SECONDS = 15 * 60;

/**
 * Keys are "segment/segment/name.ext" with at most 6 segments. A segment never starts with a dot,
 * so "." and ".." (path traversal) and hidden files cannot be named, and no encoding tricks apply
 * because the alphabet has no "%" or "\\".
 */
const KEY_PATTERN = /^(?:[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}\/){0,5}[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}$/;

export function isValidKey(key: unknown): key is string {
  return typeof key === 'string' && key.length <= 512 && KEY_PATTERN.test(key);
}

export function sign(key: string, exp: number, secret: string): string {
  return crypto.createHmac('sha256', secret).update(`${key}\n${exp}`).digest('base64url');
}

export interface SignedRequest {
  key: string;
  exp: unknown;
  sig: unknown;
}

/** True only for a well-formed key, an unexpired expiry no further out than MAX_TTL, and a matching signature. */
export function verify({ key, exp, sig }: SignedRequest, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  if (!secret || !isValidKey(key)) return false;
  if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp) || typeof sig !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return false;
  const expiry = Number(exp);
  // A valid signature with a far-future expiry can only come from a misconfigured signer: refuse it anyway.
  if (expiry < nowSeconds || expiry > nowSeconds + MAX_TTL_SECONDS + 60) return false;
  const expected = Buffer.from(sign(key, expiry, secret));
  const given = Buffer.from(sig);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

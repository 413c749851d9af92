import crypto from 'crypto';

/**
 * The secrets behind share links, as pure functions (no Strapi), so they are unit-tested
 * in isolation:
 * - link tokens: 256 random bits, base64url, of which only the SHA-256 is stored;
 * - passwords: scrypt with a per-password salt, parameters stored in the hash;
 * - unlock tokens (`su2.`) and access tokens (`sa2.`): stateless HMAC-signed capabilities,
 *   so any server process can check them and none has to remember them.
 */

const TOKEN_BYTES = 32;
/** What a link token looks like: exactly what newLinkToken() makes, nothing else is even hashed. */
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newLinkToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString('base64url');
}

export function hashLinkToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

// scrypt N=2^14, r=8, p=1 (Node's defaults, ~50 ms here): slow enough to hurt offline guessing,
// fast enough for an interactive unlock. The parameters travel in the hash so they can be raised later.
const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

function scrypt(password: string, salt: Buffer, params: { N: number; r: number; p: number; keylen: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(password.normalize('NFC'), salt, params.keylen, { N: params.N, r: params.r, p: params.p, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (!stored) return false;
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p), keylen: expected.length });
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/** A short fingerprint of a secret's current value: changing the secret invalidates what was signed against it. */
export function versionOf(secret: string | null | undefined): string {
  return crypto.createHash('sha256').update(secret ?? '', 'utf8').digest('base64url').slice(0, 16);
}

type SignedKind = 'su2' | 'sa2';

/** A link's opaque id inside a token: its documentId, never its sequential row id. */
const OPAQUE_ID = /^[a-z0-9]{10,40}$/;

function mac(key: Buffer, kind: SignedKind, linkId: string, expiresAt: number, version: string): string {
  return crypto.createHmac('sha256', key).update(`${kind}|${linkId}|${expiresAt}|${version}`).digest('base64url');
}

/**
 * `<kind>.<link documentId>.<expiresAtSeconds>.<hmac>`: `su2` unlocks a password link, `sa2`
 * stands in for a link token (portal "open", repeated claim). The version (a fingerprint of the
 * link's password hash for unlock tokens, of its token hash for access tokens) is signed but not
 * carried, so changing the password or regenerating the link invalidates every token issued before.
 */
export function signLinkToken(key: Buffer, kind: SignedKind, linkId: string, expiresAtSeconds: number, version: string): string {
  return `${kind}.${linkId}.${expiresAtSeconds}.${mac(key, kind, linkId, expiresAtSeconds, version)}`;
}

/** The link a signed token names, if well-formed and unexpired; its signature is checked with verifySignedLinkToken. */
export function parseSignedLinkToken(kind: SignedKind, token: unknown, nowSeconds: number): { linkId: string; expiresAt: number; signature: string } | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== kind || !OPAQUE_ID.test(parts[1])) return null;
  const expiresAt = Number(parts[2]);
  if (!/^\d{1,12}$/.test(parts[2]) || expiresAt <= nowSeconds) return null;
  if (!/^[A-Za-z0-9_-]{43}$/.test(parts[3])) return null;
  return { linkId: parts[1], expiresAt, signature: parts[3] };
}

export function verifySignedLinkToken(key: Buffer, kind: SignedKind, parsed: { linkId: string; expiresAt: number; signature: string }, version: string): boolean {
  const expected = Buffer.from(mac(key, kind, parsed.linkId, parsed.expiresAt, version));
  const actual = Buffer.from(parsed.signature);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** The signing key: SHARE_SIGNING_SECRET, else derived from APP_KEYS, which every instance of one deployment shares. */
export function signingKey(secret: string | undefined, appKeys: string[] | undefined): Buffer {
  const material = secret || (appKeys ?? []).join(',');
  if (!material) throw new Error('Set SHARE_SIGNING_SECRET (or APP_KEYS) to sign share unlock and access tokens');
  return crypto.createHmac('sha256', 'client-galleries/share-signing').update(material).digest();
}

/** One recipient per gallery and email, whatever the case: the database's unique key for private links. */
export function recipientKey(galleryDocumentId: string, email: string): string {
  return `${galleryDocumentId}:${normaliseEmail(email)}`;
}

export function generalKey(galleryDocumentId: string): string {
  return `${galleryDocumentId}:general`;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A one-time sign-in ticket, mailed to a private link's recipient: `si2.<link documentId>.<exp>.<nonce>.<hmac>`.
 * Signed against the link's token and password (regenerating the link or changing the password
 * kills every ticket mailed before); the nonce is what makes it one-time (its first use is
 * recorded in the database, where every server process sees it).
 */
export function signInVersion(link: { tokenHash: string | null; passwordHash: string | null }): string {
  return `${versionOf(link.tokenHash)}.${versionOf(link.passwordHash)}`;
}

const signInMac = (key: Buffer, linkId: string, expiresAt: number, nonce: string, version: string) =>
  crypto.createHmac('sha256', key).update(`si2|${linkId}|${expiresAt}|${nonce}|${version}`).digest('base64url');

export function signSignInTicket(key: Buffer, linkId: string, expiresAtSeconds: number, version: string): string {
  const nonce = crypto.randomBytes(16).toString('base64url');
  return `si2.${linkId}.${expiresAtSeconds}.${nonce}.${signInMac(key, linkId, expiresAtSeconds, nonce, version)}`;
}

export interface SignInTicket {
  linkId: string;
  expiresAt: number;
  nonce: string;
  signature: string;
}

export function parseSignInTicket(ticket: unknown, nowSeconds: number): SignInTicket | null {
  if (typeof ticket !== 'string' || ticket.length > 200) return null;
  const [kind, linkId, exp, nonce, signature, ...rest] = ticket.split('.');
  if (rest.length > 0 || kind !== 'si2' || !OPAQUE_ID.test(linkId ?? '') || !/^\d{1,12}$/.test(exp ?? '')) return null;
  if (!/^[A-Za-z0-9_-]{22}$/.test(nonce ?? '') || !/^[A-Za-z0-9_-]{43}$/.test(signature ?? '')) return null;
  const expiresAt = Number(exp);
  return expiresAt > nowSeconds ? { linkId, expiresAt, nonce, signature } : null;
}

export function verifySignInTicket(key: Buffer, ticket: SignInTicket, version: string): boolean {
  const expected = Buffer.from(signInMac(key, ticket.linkId, ticket.expiresAt, ticket.nonce, version));
  const actual = Buffer.from(ticket.signature);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/**
 * A package's download token: `pk2.<package documentId>.<expiresAtSeconds>.<hmac>`. The id is the
 * package's opaque documentId, and the signed version binds it to the package's own secret and
 * to its link's current token and password: regenerating the link or changing its password kills
 * every package URL mailed before, as revoking does.
 */
export function packageTokenVersion(packageSecretHash: string, link: { tokenHash: string | null; passwordHash: string | null }): string {
  return `${versionOf(packageSecretHash)}.${versionOf(link.tokenHash)}.${versionOf(link.passwordHash)}`;
}

const packageMac = (key: Buffer, documentId: string, expiresAt: number, version: string) =>
  crypto.createHmac('sha256', key).update(`pk2|${documentId}|${expiresAt}|${version}`).digest('base64url');

export function signPackageToken(key: Buffer, documentId: string, expiresAtSeconds: number, version: string): string {
  return `pk2.${documentId}.${expiresAtSeconds}.${packageMac(key, documentId, expiresAtSeconds, version)}`;
}

export function parsePackageToken(token: unknown, nowSeconds: number): { documentId: string; expiresAt: number; signature: string } | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'pk2' || !/^[a-z0-9]{10,40}$/.test(parts[1]) || !/^\d{1,12}$/.test(parts[2]) || !/^[A-Za-z0-9_-]{43}$/.test(parts[3])) return null;
  const expiresAt = Number(parts[2]);
  if (expiresAt <= nowSeconds) return null;
  return { documentId: parts[1], expiresAt, signature: parts[3] };
}

export function verifyPackageToken(key: Buffer, parsed: { documentId: string; expiresAt: number; signature: string }, version: string): boolean {
  const expected = Buffer.from(packageMac(key, parsed.documentId, parsed.expiresAt, version));
  const actual = Buffer.from(parsed.signature);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

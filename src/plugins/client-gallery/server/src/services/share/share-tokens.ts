import type { Core } from '@strapi/strapi';
import {
  packageTokenVersion,
  parsePackageToken,
  parseSignedLinkToken,
  parseSignInTicket,
  signingKey,
  signInVersion,
  signLinkToken,
  signPackageToken,
  signSignInTicket,
  verifyPackageToken,
  verifySignedLinkToken,
  verifySignInTicket,
  versionOf,
} from '../../lib/share-crypto';
import { capabilityVersion, parseVisitorMedia, type CapabilityState } from '../../lib/capability';
import type { LinkRow } from '../../queries/share-rows';
import type { VisitorCapability } from '../../queries/image-rows';
import { pluginConfig } from '../../config';

type LinkSecrets = { tokenHash: string | null; passwordHash: string | null };

/**
 * Every token the plugin signs, minted and checked here, and the one key they are signed with
 * (the same on every instance, so any process checks what another minted): unlock (`su2`) and
 * access (`sa2`) tokens, sign-in tickets (`si2`), package tokens (`pk2`) and the capability a
 * visitor's media URLs are bound to. The formats are pure functions in lib/share-crypto.ts and
 * lib/capability.ts; this service only adds the key, the clock and the configured lifetimes.
 * Whether a visitor may act is not decided here but in share-access.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi).share;
  const key = () => signingKey(config().signingSecret, strapi.config.get('server.app.keys') as string[] | undefined);
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  return {
    /** The signing key; derivative folders are keyed with it too (lib/variants.ts derivativeDir). */
    signingKey: () => key(),

    /** A stateless unlock: HMAC-bound to the link and its current password hash (a new password logs everyone out). */
    issueUnlockToken(link: Pick<LinkRow, 'documentId' | 'passwordHash'>) {
      const ttlSeconds = Number(config().unlockTtlHours) * 3600;
      const expiresAt = nowSeconds() + ttlSeconds;
      return { linkId: link.documentId, token: signLinkToken(key(), 'su2', link.documentId, expiresAt, versionOf(link.passwordHash)), expiresAt: new Date(expiresAt * 1000), ttlSeconds };
    },

    /** Whether one of these unlock tokens (from the cookie or header) was issued for this link under its current password. */
    unlocks(link: Pick<LinkRow, 'documentId' | 'passwordHash'>, credentials: string[]): boolean {
      const version = versionOf(link.passwordHash);
      return credentials.some((credential) => {
        const parsed = parseSignedLinkToken('su2', credential, nowSeconds());
        return parsed !== null && parsed.linkId === link.documentId && verifySignedLinkToken(key(), 'su2', parsed, version);
      });
    },

    /** A short-lived stand-in for a link token (the token itself is never stored, so it cannot be handed out again). */
    issueAccessToken(link: Pick<LinkRow, 'documentId' | 'tokenHash'>, ttlSeconds: number) {
      const expiresAt = nowSeconds() + ttlSeconds;
      return { token: signLinkToken(key(), 'sa2', link.documentId, expiresAt, versionOf(link.tokenHash)), expiresAt: new Date(expiresAt * 1000) };
    },

    /** The link documentId a well-formed, unexpired access token names; whether it is good is accessTokenValid's question. */
    accessTokenLinkId(token: string): string | null {
      return parseSignedLinkToken('sa2', token, nowSeconds())?.linkId ?? null;
    },

    /** Bound to the current token hash: regenerating the link kills every access token minted before. */
    accessTokenValid(token: string, link: Pick<LinkRow, 'documentId' | 'tokenHash'>): boolean {
      const parsed = parseSignedLinkToken('sa2', token, nowSeconds());
      return parsed !== null && parsed.linkId === link.documentId && verifySignedLinkToken(key(), 'sa2', parsed, versionOf(link.tokenHash));
    },

    /** A one-time sign-in ticket for a private link's recipient, good until `expiresAtSeconds`. */
    issueSignInTicket(link: Pick<LinkRow, 'documentId'> & LinkSecrets, expiresAtSeconds: number): string {
      return signSignInTicket(key(), link.documentId, expiresAtSeconds, signInVersion(link));
    },

    /** The ticket if it is unexpired and was signed for this link under its current token and password, else null. */
    signInTicketFor(ticket: unknown, link: Pick<LinkRow, 'documentId'> & LinkSecrets) {
      const parsed = parseSignInTicket(ticket, nowSeconds());
      if (!parsed || parsed.linkId !== link.documentId || !verifySignInTicket(key(), parsed, signInVersion(link))) return null;
      return parsed;
    },

    /** A package's download token, bound to its own secret and to its link's current token and password. */
    issuePackageToken(pkg: { documentId: string; tokenHash: string; expiresAt: string | Date }, link: LinkSecrets): string {
      return signPackageToken(key(), pkg.documentId, Math.floor(new Date(pkg.expiresAt).getTime() / 1000), packageTokenVersion(pkg.tokenHash, link));
    },

    /** The package documentId a well-formed, unexpired package token names; packageTokenValid checks it against the package. */
    packageTokenDocumentId(token: unknown): string | null {
      return parsePackageToken(token, nowSeconds())?.documentId ?? null;
    },

    packageTokenValid(token: unknown, pkg: { documentId: string; tokenHash: string }, link: LinkSecrets): boolean {
      const parsed = parsePackageToken(token, nowSeconds());
      return parsed !== null && parsed.documentId === pkg.documentId && verifyPackageToken(key(), parsed, packageTokenVersion(pkg.tokenHash, link));
    },

    /**
     * The version a visitor's media URLs are bound to: what must kill them (token, password, the
     * views' watermark flag). Not the download setting: a media URL only ever names a view
     * variant, whose bytes that setting never changes, so a switch of it leaves the visitor's
     * open page working (lib/capability.ts).
     */
    capabilityVersion(state: CapabilityState): string {
      return capabilityVersion(key(), state);
    },

    /** What a visitor's media URLs are minted with: the link (by its opaque documentId), its capability version, the key and the lifetime. */
    visitorCapability(link: Pick<LinkRow, 'documentId' | 'watermark'> & LinkSecrets, ttlSeconds: number): VisitorCapability {
      return {
        linkDocumentId: link.documentId,
        version: this.capabilityVersion({ tokenHash: link.tokenHash, passwordHash: link.passwordHash, watermark: link.watermark }),
        key: key(),
        ttlSeconds,
      };
    },

    /** The claim of a visitor media URL whose signature, expiry and shape hold, else null (lib/capability.ts). */
    visitorMediaClaim(storageKey: string, query: Record<string, unknown>, maxTtlSeconds: number) {
      return parseVisitorMedia(key(), storageKey, query, nowSeconds(), maxTtlSeconds);
    },
  };
};

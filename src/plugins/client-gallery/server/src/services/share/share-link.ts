import { factories } from '@strapi/strapi';
import {
  GalleryNotFoundError,
  generalLinkExists,
  isUniqueViolation,
  privateLinkExists,
  ShareLinkNotFoundError,
  UnknownRecipientError,
} from '../../lib/errors';
import { generalKey, hashLinkToken, hashPassword, newLinkToken, normaliseEmail, recipientKey } from '../../lib/share-crypto';
import type { CreateLinkInput, LinkSettingsInput } from '../../validation/admin';
import { toAdminLink } from '../../share/mappers';
import { storedSettings, type StoredSettings } from '../../lib/link-settings';
import { withLinkDefaults } from '../../lib/studio-settings';
import { galleryPageUrl } from '../../share/urls';
import { downloadsWatermarked, settledDownloadsWatermarked, type LinkWatermarks } from '../../lib/link-watermarks';
import { LINK_FIELDS, type LinkRow } from '../../queries/share-rows';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const LINK = UID.shareLink;
const GALLERY = UID.gallery;

export type { StoredSettings };

export interface NewLink {
  galleryDocumentId: string;
  kind: 'general' | 'private';
  recipientEmail?: string;
  /**
   * A private link that names no address (recipientEmail empty): its own random key, so it never
   * takes the one-link-per-email slot (claim.ts: the answer to a claim of an existing address).
   */
  unaddressed?: boolean;
  createdFromId?: number;
  settings: StoredSettings;
}

/**
 * Share links as the studio manages them: create (general or private), change settings,
 * revoke, regenerate. A token is returned exactly once, by the call that made it; only its
 * SHA-256 is stored. One general link per gallery and one private link per gallery and email
 * are enforced by the database (unique recipientKey), not by a read-then-write.
 */
export default factories.createCoreService(LINK, ({ strapi }) => {
  const links = () => strapi.db.query(LINK);
  /** The content type's own default for `watermark` (schema.json), where new links get their defaults. */
  const watermarkDefault = () => (strapi.getModel(LINK).attributes.watermark as { default?: boolean }).default !== false;

  /** The settings as stored, with the safe default for downloads' watermark applied (lib/link-watermarks.ts). */
  function withDownloadWatermark(current: LinkWatermarks | null, settings: StoredSettings): StoredSettings {
    const settled = settledDownloadsWatermarked(current, settings, watermarkDefault());
    return settled === undefined ? settings : { ...settings, downloadsWatermarked: settled };
  }

  async function findLink(where: Record<string, unknown>) {
    return (await links().findOne({
      where,
      select: [...LINK_FIELDS, 'invitationStatus', 'invitationError', 'createdAt', 'updatedAt'],
      populate: { gallery: { select: ['id', 'documentId', 'title'] }, createdFrom: { select: ['documentId'] } },
    })) as (LinkRow & Record<string, any>) | null;
  }

  return {
    /** The draft row of a gallery: it lives as long as the gallery, across publish and unpublish. */
    async requireGallery(documentId: unknown) {
      if (typeof documentId !== 'string' || documentId.length === 0) throw new GalleryNotFoundError();
      const gallery = await strapi.db.query(GALLERY).findOne({ where: { documentId, publishedAt: null }, select: ['id', 'documentId', 'title'] });
      if (!gallery) throw new GalleryNotFoundError();
      return gallery as { id: number; documentId: string; title: string };
    },

    async requireLink(documentId: unknown) {
      if (typeof documentId !== 'string' || documentId.length === 0) throw new ShareLinkNotFoundError();
      const link = await findLink({ documentId });
      if (!link) throw new ShareLinkNotFoundError();
      return link;
    },

    findLink,

    withDownloadWatermark,

    /** The private link of `email` on a gallery, whatever its state. */
    async findPrivate(galleryDocumentId: string, email: string) {
      return findLink({ recipientKey: recipientKey(galleryDocumentId, email) });
    },

    /**
     * Insert a link with a fresh token. Throws the database's unique violation as it is when the
     * gallery already has that general/private link, so callers can decide (409, or find-then-use).
     */
    async insert({ galleryDocumentId, kind, recipientEmail, unaddressed, createdFromId, settings }: NewLink) {
      const gallery = await this.requireGallery(galleryDocumentId);
      const token = newLinkToken();
      const key =
        kind === 'general'
          ? generalKey(gallery.documentId)
          : unaddressed
            ? `unaddressed:${hashLinkToken(newLinkToken())}`
            : recipientKey(gallery.documentId, recipientEmail!);
      // One transaction so a losing concurrent insert leaves no half-made relation rows behind.
      const created = await strapi.db.transaction(() =>
        links().create({
          data: {
            ...withDownloadWatermark(null, settings),
            gallery: gallery.id,
            kind,
            recipientEmail: kind === 'private' && !unaddressed ? normaliseEmail(recipientEmail!) : null,
            recipientKey: key,
            createdFrom: createdFromId ?? null,
            tokenHash: hashLinkToken(token),
            downloadsUsed: 0,
            invitationStatus: 'none',
          },
        }),
      );
      return { link: (await findLink({ id: created.id }))!, token };
    },

    /** A new link's settings: what the request names, else the studio's link defaults (the settings page). */
    async withStudioDefaults<T extends LinkSettingsInput>(input: T): Promise<T> {
      const { linkDefaults } = await getService(strapi, 'studio-settings').studio();
      return withLinkDefaults(input, linkDefaults, new Date());
    },

    /** POST …/links: 409 when the gallery already has that link. */
    async createLink(galleryDocumentId: string, input: CreateLinkInput) {
      const { kind, recipientEmail, ...rest } = input;
      try {
        return await this.insert({ galleryDocumentId, kind, recipientEmail, settings: await storedSettings(await this.withStudioDefaults(rest)) });
      } catch (error) {
        if (isUniqueViolation(error)) throw kind === 'general' ? generalLinkExists() : privateLinkExists();
        throw error;
      }
    },

    /** Settings take effect on the next request: share-access reads the row every time. */
    async updateSettings(documentId: string, input: LinkSettingsInput) {
      const link = await this.requireLink(documentId);
      await links().update({ where: { id: link.id }, data: withDownloadWatermark(link, await storedSettings(input)) });
      return (await findLink({ id: link.id }))!;
    },

    /** Stops the link at once, on every route (share-access checks revokedAt on each request). */
    async revoke(documentId: string) {
      const link = await this.requireLink(documentId);
      await links().update({ where: { id: link.id }, data: { revokedAt: link.revokedAt ?? new Date() } });
      return (await findLink({ id: link.id }))!;
    },

    /**
     * A new token for the same link (its favourites, grants and activity stay). The old token,
     * and every access token signed against it, stop working. Regenerating a revoked link
     * re-activates it: that is the studio's explicit decision to share again.
     */
    async regenerate(documentId: string) {
      const link = await this.requireLink(documentId);
      return this.rotate(link.id);
    },

    async rotate(linkId: number) {
      const token = newLinkToken();
      await links().update({ where: { id: linkId }, data: { tokenHash: hashLinkToken(token), revokedAt: null } });
      return { link: (await findLink({ id: linkId }))!, token };
    },

    async listForGallery(galleryDocumentId: string) {
      const gallery = await this.requireGallery(galleryDocumentId);
      const rows = await links().findMany({
        where: { gallery: { documentId: gallery.documentId } },
        select: [...LINK_FIELDS, 'invitationStatus', 'invitationError', 'createdAt', 'updatedAt'],
        populate: { gallery: { select: ['id', 'documentId', 'title'] }, createdFrom: { select: ['documentId'] } },
        orderBy: [{ kind: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      });
      // A link may be related to a gallery's draft and published rows alike: list each once.
      const seen = new Set<number>();
      return rows.filter((row: any) => (seen.has(row.id) ? false : (seen.add(row.id), true)));
    },

    /** Every link of every gallery of a client (the recipients a photo filter can name), each once. */
    async listForClient(clientDocumentId: string) {
      const rows = await links().findMany({
        where: { gallery: { client: { documentId: clientDocumentId } } },
        select: [...LINK_FIELDS, 'invitationStatus', 'invitationError', 'createdAt', 'updatedAt'],
        populate: { gallery: { select: ['id', 'documentId', 'title'] }, createdFrom: { select: ['documentId'] } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      const seen = new Set<number>();
      return rows.filter((row: any) => (seen.has(row.id) ? false : (seen.add(row.id), true)));
    },

    /** The id of a link of one of this client's galleries, for a photo filter; any other id is a 400. */
    async recipientOfClient(linkDocumentId: string, clientDocumentId: string): Promise<number> {
      const row = await links().findOne({ where: { documentId: linkDocumentId, gallery: { client: { documentId: clientDocumentId } } }, select: ['id'] });
      if (!row) throw new UnknownRecipientError();
      return row.id;
    },

    /**
     * What a private link made from `general` starts with: the general link's current settings,
     * password included (copied as its hash), but never its revocation, token or counters.
     */
    inheritedSettings(general: LinkRow): StoredSettings {
      return {
        watermark: general.watermark ?? true,
        downloadsEnabled: general.downloadsEnabled ?? false,
        downloadLimit: general.downloadLimit ?? null,
        resolutions: Array.isArray(general.resolutions) ? (general.resolutions as string[]) : undefined,
        downloadsWatermarked: downloadsWatermarked(general),
        keepMetadata: general.keepMetadata ?? false,
        expiresAt: general.expiresAt ?? null,
        passwordHash: general.passwordHash ?? null,
      };
    },

    /** The studio's view of a link (admin routes and REST): recipient shown, secrets never. */
    /** The public page of a link token (`<publicUrl>/g/<token>`), as mails and the demo print it. */
    async pageUrl(token: string) {
      return galleryPageUrl((await getService(strapi, 'studio-settings').studio()).publicUrl, token);
    },

    toAdmin(link: LinkRow & Record<string, any>) {
      const shareAccess = getService(strapi, 'share-access');
      const state = link.revokedAt ? 'revoked' : shareAccess.isLive(link) ? 'active' : 'expired';
      return toAdminLink(link, state);
    },

    async setInvitationStatus(linkId: number, status: 'pending' | 'sent' | 'failed', error: string | null = null) {
      await links().update({ where: { id: linkId }, data: { invitationStatus: status, invitationError: error ? error.slice(0, 500) : null } });
    },
  };
});

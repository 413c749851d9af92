import type { Core } from '@strapi/strapi';
import type { PortalGallery } from '../../../../shared/public-api';
import { EmailNotConfirmedError, ShareNotFoundError } from '../../lib/errors';
import { effectiveStage } from '../../lib/deadline';
import { normaliseEmail, recipientKey } from '../../lib/share-crypto';
import { LINK_FIELDS, type GalleryRow, type LinkRow, type ShareAccess } from '../../queries/share-rows';
import { galleryPageUrl } from '../../share/urls';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

const LINK = UID.shareLink;
const GALLERY = UID.gallery;

export interface PortalUser {
  id: number;
  email: string;
  confirmed?: boolean | null;
  blocked?: boolean | null;
}

/**
 * The client portal: a users-permissions account sees exactly the galleries whose private links
 * name its CONFIRMED email.
 *
 * Opening a gallery: link tokens are not stored, so the portal cannot hand one out, and rotating
 * it would break the invitation the client already has. POST /api/portal/galleries/:id/open
 * instead mints a signed, short-lived access token for that private link (PORTAL_OPEN_TTL_MINUTES),
 * usable wherever a link token is (`/g/<token>`, `/api/share/<token>/…`). It dies with the link:
 * revoking or regenerating the link invalidates it at once.
 *
 * Revoked links are omitted; expired links and unpublished galleries are listed as "unavailable"
 * (title only, nothing to open).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const shareAccess = () => getService(strapi, 'share-access');

  function confirmedEmail(user: PortalUser | undefined) {
    if (!user || !user.confirmed || user.blocked) throw new EmailNotConfirmedError();
    return normaliseEmail(user.email);
  }

  async function galleryRows(documentId: string) {
    const rows = await strapi.db.query(GALLERY).findMany({
      where: { documentId },
      populate: { cover: { populate: { file: true } }, client: { select: ['id', 'documentId', 'name'] } },
    });
    return { published: (rows.find((row: any) => row.publishedAt) ?? null) as GalleryRow | null, draft: rows.find((row: any) => !row.publishedAt) as GalleryRow };
  }

  return {
    /** GET /api/portal/galleries */
    async galleries(user: PortalUser | undefined) {
      const email = confirmedEmail(user);
      const rows = (await strapi.db.query(LINK).findMany({
        where: { kind: 'private', recipientEmail: email },
        select: [...LINK_FIELDS],
        populate: { gallery: { select: ['documentId'] } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      })) as LinkRow[];
      const seen = new Set<string>();
      const entries: PortalGallery[] = [];
      for (const link of rows) {
        if (!link.gallery || seen.has(link.gallery.documentId)) continue;
        seen.add(link.gallery.documentId);
        const { published, draft } = await galleryRows(link.gallery.documentId);
        const state = shareAccess().portalState(link, published !== null);
        if (state === 'hidden') continue;
        const gallery = state === 'available' ? published! : draft;
        const access: ShareAccess = {
          link,
          galleryDocumentId: gallery.documentId,
          gallery: published,
          unlocked: !link.passwordHash,
          watermark: await getService(strapi, 'watermark').forGallery(published),
        };
        // A password-protected gallery shows no picture until it is unlocked, not even in the portal.
        const cover = state === 'available' && access.unlocked ? await getService(strapi, 'share-images').coverUrls(access) : null;
        entries.push({
          id: gallery.documentId,
          title: gallery.title,
          // Past its deadline a proofing gallery is locked, as its page says (lib/deadline.ts).
          status: state === 'available' ? effectiveStage(gallery.stage, gallery.deadline, Date.now()) : 'unavailable',
          available: state === 'available',
          passwordProtected: Boolean(link.passwordHash),
          coverThumbUrl: cover?.thumbUrl ?? null,
          client: gallery.client ? { name: gallery.client.name } : null,
          shootDate: gallery.shootDate ?? null,
          deadline: gallery.deadline ?? null,
          open: state === 'available' ? { method: 'POST', path: `/api/portal/galleries/${gallery.documentId}/open` } : null,
        });
      }
      return entries;
    },

    /** POST /api/portal/galleries/:id/open: a short-lived access token for the account's private link. */
    async open(user: PortalUser | undefined, galleryDocumentId: string) {
      const email = confirmedEmail(user);
      const link = (await strapi.db.query(LINK).findOne({
        where: { recipientKey: recipientKey(galleryDocumentId, email) },
        select: [...LINK_FIELDS],
      })) as LinkRow | null;
      if (!link) throw new ShareNotFoundError();
      const { published } = await galleryRows(galleryDocumentId);
      if (shareAccess().portalState(link, published !== null) !== 'available') throw new ShareNotFoundError();
      const ttlSeconds = Number((pluginConfig(strapi).share).portalOpenTtlMinutes) * 60;
      const { token, expiresAt } = getService(strapi, 'share-tokens').issueAccessToken(link, ttlSeconds);
      return { token, url: galleryPageUrl((await getService(strapi, 'studio-settings').studio()).publicUrl, token), api: `/api/share/${token}`, expiresAt: expiresAt.toISOString() };
    },
  };
};

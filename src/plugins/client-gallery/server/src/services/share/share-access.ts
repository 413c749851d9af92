import type { Core } from '@strapi/strapi';
import {
  ActionNotAllowedError,
  ClaimRequiredError,
  GalleryUnavailableError,
  onlyGeneralLinksCanBeClaimed,
  PasswordRequiredError,
  ShareNotFoundError,
} from '../../lib/errors';
import { hashLinkToken, LINK_TOKEN_PATTERN } from '../../lib/share-crypto';
import { downloadsWatermarked, viewsWatermarked } from '../../lib/link-watermarks';
import { effectiveStage } from '../../lib/deadline';
import { refusalOf, type VisitorAction } from '../../lib/visitor-policy';
import { NOT_A_MARKUP_DRAFT } from '../../lib/final-photos';
import { LINK_FIELDS, type GalleryRow, type GalleryStatus, type ImageRow, type LinkRow, type Resolution, type ShareAccess } from '../../queries/share-rows';
import type { WatermarkDesign } from '../../lib/variants';
import { DEFAULT_RESOLUTIONS, RESOLUTIONS } from '../../../../shared/public-api';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const LINK = UID.shareLink;
const GALLERY = UID.gallery;
const IMAGE = UID.galleryImage;

export type { VisitorAction };
export type { GalleryRow, GalleryStatus, ImageRow, LinkRow, Resolution, ShareAccess };

/**
 * The one place that decides what a link visitor may do (DESIGN.md, "Access rules").
 * It is the only code that reads expiresAt, revokedAt, downloadsEnabled, resolutions and the
 * watermark flags. Routes call resolve() + authorize(); services that act for a visitor take the
 * ShareAccess and call authorize() again on their first line. Nothing is cached: a settings
 * change, a revoke or an unpublish takes effect on the very next request.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tokens = () => getService(strapi, 'share-tokens');

  function isLive(link: Pick<LinkRow, 'revokedAt' | 'expiresAt'>, now = Date.now()) {
    if (link.revokedAt) return false;
    if (link.expiresAt && Date.parse(link.expiresAt) <= now) return false;
    return true;
  }

  async function findLink(where: Record<string, unknown>): Promise<LinkRow | null> {
    return (await strapi.db.query(LINK).findOne({
      where,
      select: [...LINK_FIELDS],
      populate: { gallery: { select: ['id', 'documentId'] } },
    })) as LinkRow | null;
  }

  /** A link token, or a signed access token (portal "open", repeated claim) standing in for one. */
  async function linkForToken(token: string): Promise<LinkRow | null> {
    if (LINK_TOKEN_PATTERN.test(token)) return findLink({ tokenHash: hashLinkToken(token) });
    const linkId = tokens().accessTokenLinkId(token);
    if (!linkId) return null;
    const link = await findLink({ documentId: linkId });
    if (!link || !tokens().accessTokenValid(token, link)) return null;
    return link;
  }

  /**
   * The published gallery as this request sees it: a proofing gallery past its deadline is
   * locked now, before the scheduled task has flipped the stored stage (lib/deadline.ts).
   */
  async function publishedGallery(documentId: string): Promise<GalleryRow | null> {
    const gallery = (await strapi.db.query(GALLERY).findOne({
      where: { documentId, publishedAt: { $notNull: true } },
      // The cover by id only: share-images.coverUrls reads it, as one of the gallery's images, when a page shows it.
      populate: { cover: { select: ['id', 'documentId'] }, client: { select: ['id', 'documentId', 'name'] }, watermarkDesign: { populate: { logo: true } } },
    })) as GalleryRow | null;
    return gallery ? { ...gallery, stage: effectiveStage(gallery.stage, gallery.deadline, Date.now()) } : null;
  }

  function unlockValid(link: LinkRow, credentials: string[]) {
    return !link.passwordHash || tokens().unlocks(link, credentials);
  }

  /** The domain error for a refused action (decided by the pure visitor policy), or null. */
  function refusal(access: ShareAccess, action: VisitorAction): Error | null {
    const refused = refusalOf(access, action);
    if (!refused) return null;
    switch (refused.reason) {
      case 'password-required':
        return new PasswordRequiredError(access.link.kind === 'private' && Boolean(access.link.recipientEmail));
      case 'gallery-unavailable':
        return new GalleryUnavailableError();
      case 'not-a-general-link':
        return onlyGeneralLinksCanBeClaimed();
      case 'claim-required':
        return new ClaimRequiredError();
      case 'not-allowed':
        return new ActionNotAllowedError(action, refused.because);
    }
  }

  function resolutionsOf(link: LinkRow): Resolution[] {
    const listed: readonly unknown[] = Array.isArray(link.resolutions) ? link.resolutions : DEFAULT_RESOLUTIONS;
    return RESOLUTIONS.filter((resolution) => listed.includes(resolution));
  }

  return {
    /**
     * The link behind `token`, with its published gallery. Unknown, expired and revoked all throw
     * the same ShareNotFoundError. `unlockCredentials` are the su2 tokens from the cookie/header.
     */
    async resolve(token: unknown, unlockCredentials: string[] = []): Promise<ShareAccess> {
      if (typeof token !== 'string' || token.length > 200) throw new ShareNotFoundError();
      const link = await linkForToken(token);
      if (!link || !link.gallery || !isLive(link)) throw new ShareNotFoundError();
      const gallery = await publishedGallery(link.gallery.documentId);
      return {
        link,
        galleryDocumentId: link.gallery.documentId,
        gallery,
        unlocked: unlockValid(link, unlockCredentials),
        watermark: await getService(strapi, 'watermark').forGallery(gallery),
      };
    },

    /** Throws the domain error for a refused action; returns the access unchanged otherwise. */
    authorize(access: ShareAccess, action: VisitorAction): ShareAccess & { gallery: GalleryRow } {
      const refused = refusal(access, action);
      if (refused) throw refused;
      return access as ShareAccess & { gallery: GalleryRow };
    },

    can(access: ShareAccess, action: VisitorAction): boolean {
      return refusal(access, action) === null;
    },

    /** An image of this link's (published) gallery, else the same 404 as an unknown link. */
    async requireImage(access: ShareAccess, imageDocumentId: unknown) {
      const [image] = await this.requireImages(access, [imageDocumentId]);
      return image;
    },

    /**
     * Several images of this link's gallery in one query, in the order asked (duplicates dropped).
     * If any one is not in the gallery, the same 404 as an unknown link, and nothing is returned.
     */
    async requireImages(access: ShareAccess, imageDocumentIds: unknown[]) {
      const ids = [...new Set(imageDocumentIds)];
      if (!access.gallery || ids.some((id) => typeof id !== 'string' || id.length === 0 || id.length > 64)) throw new ShareNotFoundError();
      // Large lists (a package of named photos) are read in chunks: no statement grows with the request.
      const found: ImageRow[] = [];
      for (let i = 0; i < ids.length; i += 500) {
        found.push(...(await strapi.db.query(IMAGE).findMany({ where: { $and: [{ documentId: { $in: ids.slice(i, i + 500) } }, NOT_A_MARKUP_DRAFT] }, populate: { file: true } })));
      }
      const members = await getService(strapi, 'gallery-membership').members(access.galleryDocumentId, found.map((image: ImageRow) => image.id));
      const images = found.filter((image: ImageRow) => members.has(image.id));
      const byDocumentId = new Map<string, ImageRow>(images.map((image: ImageRow) => [image.documentId, image]));
      if (byDocumentId.size !== ids.length) throw new ShareNotFoundError();
      return ids.map((id) => byDocumentId.get(id as string)!);
    },

    /**
     * Which view variants (thumbs, previews, every /media URL) this visitor may be given. A
     * watermarked link never gets an unwatermarked one, whatever its downloads deliver.
     */
    imageVariants(access: ShareAccess) {
      const watermarked = viewsWatermarked(access.link);
      return { watermarked, watermark: watermarked ? access.watermark : null };
    },

    /**
     * The access of a link known by id (or documentId), for capabilities minted after an authorized
     * request (a package link, a visitor media URL). Revoked, expired or deleted links still get the
     * same 404; the password was checked when the capability was minted, so it counts as unlocked.
     */
    async resolveById(linkId: number | string): Promise<ShareAccess> {
      const link = await findLink(typeof linkId === 'number' ? { id: linkId } : { documentId: linkId });
      if (!link || !link.gallery || !isLive(link)) throw new ShareNotFoundError();
      const gallery = await publishedGallery(link.gallery.documentId);
      return { link, galleryDocumentId: link.gallery.documentId, gallery, unlocked: true, watermark: await getService(strapi, 'watermark').forGallery(gallery) };
    },

    /**
     * May this visitor download at `resolution` now? Status, downloads enabled, the resolution,
     * and (for a limited general link) a claim first: limits count per recipient, so an anonymous
     * shared link cannot spend them. Returns the download policy when allowed.
     */
    authorizeDownload(access: ShareAccess, resolution: unknown) {
      const { link } = this.authorize(access, 'download');
      const policy = this.downloadPolicy(access);
      if (!RESOLUTIONS.includes(resolution as Resolution) || !policy.resolutions.includes(resolution as Resolution)) {
        throw new ActionNotAllowedError('download', `the ${String(resolution)} resolution is not offered by this link`);
      }
      if (link.kind === 'general' && policy.limit !== null) throw new ClaimRequiredError();
      return { ...policy, resolution: resolution as Resolution };
    },

    /**
     * The download manager is a per-recipient list: only where downloads are allowed, and on a
     * general link only after a claim, limited or not; otherwise everyone holding the link would
     * share one list.
     */
    authorizeDownloadManager(access: ShareAccess) {
      const { link } = this.authorize(access, 'download');
      const policy = this.downloadPolicy(access);
      if (link.kind === 'general') throw new ClaimRequiredError();
      return policy;
    },

    /** Everything the download code needs to decide, decided here. */
    downloadPolicy(access: ShareAccess) {
      const { link } = access;
      // "Downloaded images have watermarks" (seed 001): its own setting, apart from the views'. Only
      // the download routes and packages read this; views stay as imageVariants says.
      const watermarked = downloadsWatermarked(link);
      const used = link.downloadsUsed ?? 0;
      const limit = link.downloadLimit ?? null;
      return {
        allowed: this.can(access, 'download'),
        resolutions: resolutionsOf(link),
        watermarked,
        watermark: watermarked ? access.watermark : null,
        keepMetadata: link.keepMetadata === true,
        limit,
        used,
        remaining: limit === null ? null : Math.max(0, limit - used),
      };
    },

    /** What the visitor sees about their link (GET /api/share/:token). */
    capabilities(access: ShareAccess) {
      const { link } = access;
      const policy = this.downloadPolicy(access);
      return {
        kind: link.kind,
        can: {
          view: this.can(access, 'view'),
          own: this.can(access, 'own'),
          favourite: this.can(access, 'favourite'),
          select: this.can(access, 'select'),
          comment: this.can(access, 'comment'),
          review: this.can(access, 'review'),
          download: policy.allowed,
          claim: this.can(access, 'claim'),
        },
        settings: {
          watermark: viewsWatermarked(link),
          downloadsEnabled: link.downloadsEnabled === true,
          resolutions: policy.resolutions,
          downloadsWatermarked: policy.watermarked,
          expiresAt: link.expiresAt ?? null,
          passwordProtected: Boolean(link.passwordHash),
        },
        downloads: { limit: policy.limit, used: policy.used, remaining: policy.remaining },
      };
    },

    /**
     * How a private link shows in its recipient's portal: revoked links are omitted (the studio
     * withdrew that access), expired links and unpublished galleries show as "Unavailable".
     */
    portalState(link: Pick<LinkRow, 'revokedAt' | 'expiresAt'>, galleryPublished: boolean): 'available' | 'unavailable' | 'hidden' {
      if (link.revokedAt) return 'hidden';
      if (!isLive(link) || !galleryPublished) return 'unavailable';
      return 'available';
    },

    isLive,
  };
};

/**
 * Explicit output shapes. Public ones (toPublicGallery, toPublicImage) are all a link visitor
 * ever receives: no emails, no hashes, no storage keys or file rows, no unsigned URLs (URLs come
 * only from share-images' imageUrls). toAdminLink is the studio's view of a link: it shows the
 * recipient's email but never tokenHash, passwordHash or recipientKey.
 */
import { DEFAULT_RESOLUTIONS, type ImagePairing, type LinkCapabilities, type PublicGallery, type PublicImage } from '../../../shared/public-api';
import type { AdminLink, LinkState } from '../../../shared/contracts';
import type { GalleryRow, LinkRow } from '../queries/share-rows';
import { downloadsWatermarked, viewsWatermarked } from '../lib/link-watermarks';

export type { PublicImage };

export interface ImageUrls {
  thumbUrl: string | null;
  previewUrl: string | null;
  watermarked: boolean;
  expiresAt: string;
}

export function toPublicImage(image: any, urls: ImageUrls, flags: { favourite: boolean; downloaded: boolean }, pairing: ImagePairing | null = null): PublicImage {
  return {
    id: image.documentId,
    // The name the studio gave the file (shown in the lightbox, quoted in comments and exports).
    fileName: typeof image.file?.name === 'string' ? image.file.name : null,
    takenAt: new Date(image.takenAt).toISOString(),
    label: image.label ?? null,
    width: image.width ?? null,
    height: image.height ?? null,
    thumbUrl: urls.thumbUrl,
    previewUrl: urls.previewUrl,
    watermarked: urls.watermarked,
    expiresAt: urls.expiresAt,
    favourite: flags.favourite,
    downloaded: flags.downloaded,
    pairing,
  };
}

export function toPublicGallery(gallery: GalleryRow, capabilities: LinkCapabilities, cover: ImageUrls | null): PublicGallery {
  return {
    id: gallery.documentId,
    title: gallery.title,
    status: gallery.stage,
    welcomeNote: gallery.welcomeNote ?? null,
    deadline: gallery.deadline ?? null,
    shootDate: gallery.shootDate ?? null,
    cover: cover ? { thumbUrl: cover.thumbUrl, previewUrl: cover.previewUrl, watermarked: cover.watermarked, expiresAt: cover.expiresAt } : null,
    selection: gallery.selectionAllowed ? { min: gallery.selectionMin ?? null, max: gallery.selectionMax ?? null } : null,
    commentsAllowed: gallery.commentsAllowed === true,
    reviewEnabled: gallery.reviewEnabled === true,
    filtersEnabled: gallery.filtersEnabled !== false,
    link: capabilities,
  };
}

export function toAdminLink(link: LinkRow & Record<string, any>, state: LinkState): AdminLink {
  return {
    documentId: link.documentId,
    kind: link.kind,
    gallery: link.gallery ? { documentId: link.gallery.documentId, title: (link.gallery as any).title ?? null } : null,
    recipientEmail: link.recipientEmail ?? null,
    recipientName: link.recipientName ?? null,
    createdFrom: link.createdFrom?.documentId ?? null,
    state,
    settings: {
      watermark: viewsWatermarked(link),
      downloadsEnabled: link.downloadsEnabled === true,
      downloadLimit: link.downloadLimit ?? null,
      resolutions: Array.isArray(link.resolutions) ? link.resolutions : [...DEFAULT_RESOLUTIONS],
      downloadsWatermarked: downloadsWatermarked(link),
      keepMetadata: link.keepMetadata === true,
      expiresAt: link.expiresAt ?? null,
      passwordProtected: Boolean(link.passwordHash),
    },
    downloadsUsed: link.downloadsUsed ?? 0,
    revokedAt: link.revokedAt ?? null,
    invitationStatus: link.invitationStatus ?? 'none',
    invitationError: link.invitationError ?? null,
    createdAt: link.createdAt ?? null,
  };
}

export function toActivity(event: any) {
  return {
    documentId: event.documentId,
    type: event.type,
    milestone: event.milestone ?? null,
    at: event.createdAt,
    link: event.link ? { documentId: event.link.documentId, kind: event.link.kind, recipientEmail: event.link.recipientEmail ?? null } : null,
    gallery: event.gallery ? { documentId: event.gallery.documentId, title: event.gallery.title } : null,
    client: event.client ? { documentId: event.client.documentId, name: event.client.name } : null,
    image: event.image?.documentId ?? null,
    details: event.details ?? null,
    readAt: event.readAt ?? null,
    notifiedAt: event.notifiedAt ?? null,
  };
}

/**
 * The rows the visitor routes read, and the columns they select: shared by the access decision,
 * link management and the portal, so each is written once and no service imports another's values.
 */
import type { GalleryStatus, Resolution } from '../../../shared/public-api';
import type { WatermarkDesign } from '../lib/variants';

export type { GalleryStatus, Resolution };

export interface LinkRow {
  id: number;
  documentId: string;
  kind: 'general' | 'private';
  recipientEmail: string | null;
  recipientName: string | null;
  tokenHash: string | null;
  passwordHash: string | null;
  watermark: boolean | null;
  downloadsEnabled: boolean | null;
  downloadLimit: number | null;
  downloadsUsed: number | null;
  resolutions: unknown;
  downloadsWatermarked: boolean | null;
  keepMetadata: boolean | null;
  expiresAt: string | null;
  revokedAt: string | null;
  gallery: { id: number; documentId: string } | null;
}

export interface GalleryRow {
  id: number;
  documentId: string;
  title: string;
  /** proofing | locked | ready | archived (`status` in every API answer). */
  stage: GalleryStatus;
  welcomeNote: string | null;
  deadline: string | null;
  shootDate: string | null;
  selectionAllowed: boolean | null;
  selectionMin: number | null;
  selectionMax: number | null;
  commentsAllowed: boolean | null;
  reviewEnabled?: boolean | null;
  filtersEnabled: boolean | null;
  cover: any;
  client: { id: number; documentId: string; name: string } | null;
  watermarkDesign?: Record<string, any> | null;
  publishedAt?: string | null;
}

/** A gallery image row as the visitor routes load it (file populated). */
export interface ImageRow {
  id: number;
  documentId: string;
  takenAt: string;
  label: string | null;
  width: number | null;
  height: number | null;
  checksum: string | null;
  derivatives: Record<string, any> | null;
  file: { id: number; name?: string; [key: string]: any } | null;
  [key: string]: any;
}

/** What one request may do through one link: built by resolve(), judged by authorize(). */
export interface ShareAccess {
  link: LinkRow;
  galleryDocumentId: string;
  /** The published version of the gallery; null when unpublished ("Unavailable"). */
  gallery: GalleryRow | null;
  /** No password, or a valid unlock credential came with the request. */
  unlocked: boolean;
  /** The design this gallery's watermarks take: its own, else the studio's (read with the access). */
  watermark: WatermarkDesign;
}

export const LINK_FIELDS = [
  'id', 'documentId', 'kind', 'recipientEmail', 'recipientName', 'tokenHash', 'passwordHash', 'watermark', 'downloadsEnabled',
  'downloadLimit', 'downloadsUsed', 'resolutions', 'downloadsWatermarked', 'keepMetadata', 'expiresAt', 'revokedAt',
] as const;

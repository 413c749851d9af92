/**
 * Watermark designs as the admin designer and the server both see them: the positions, the
 * bounds of each field and the shapes of the designer's routes. Written once, read by both halves.
 */
export const WATERMARK_POSITIONS = ['center', 'top-left', 'top-right', 'bottom-left', 'bottom-right', 'tiled'] as const;
export type WatermarkPositionName = (typeof WATERMARK_POSITIONS)[number];
export const WATERMARK_MODES = ['text', 'logo'] as const;

export const WATERMARK_LIMITS = {
  nameMax: 120,
  textMax: 80,
  opacity: { min: 0.05, max: 1 },
  scale: { min: 0.05, max: 1 },
  /** A logo upload's largest accepted file; it is re-encoded to a PNG of at most logoMaxEdge px. */
  logoMaxBytes: 5 * 1024 * 1024,
  logoMaxEdge: 1600,
  /** The preview's long edge, in pixels. */
  previewEdge: 640,
} as const;

export interface WatermarkLogo {
  id: number;
  url: string | null;
  width: number | null;
  height: number | null;
}

export interface AdminWatermarkDesign {
  documentId: string;
  name: string;
  mode: 'text' | 'logo';
  text: string | null;
  logo: WatermarkLogo | null;
  position: WatermarkPositionName;
  opacity: number;
  scale: number;
  isDefault: boolean;
  /** A digest of what the design draws: part of every watermarked variant's storage key. */
  fingerprint: string;
  /** Galleries that name this design (drafts and published versions counted once). */
  galleryCount: number;
}

export interface WatermarkDesignInput {
  name: string;
  mode: 'text' | 'logo';
  text?: string | null;
  /** The id of a logo stored by POST /watermark-designs/logo. */
  logo?: number | null;
  position: WatermarkPositionName;
  opacity: number;
  scale: number;
}

export interface WatermarkDesignChoice {
  documentId: string;
  name: string;
  isDefault: boolean;
}

export interface ListWatermarkDesignsResponse {
  results: AdminWatermarkDesign[];
  /** The studio's own text mark, used when no design is the default. */
  studioMark: { text: string; position: WatermarkPositionName; opacity: number; scale: number };
}

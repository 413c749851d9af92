/**
 * A photo's rows as the render, listing and visitor-media code read them, and the columns they
 * select: one definition for every service that loads a photo with its file and derivatives.
 */
import type { VariantName } from '../lib/variants';
import type { StoredObject } from '../lib/media-keys';

/** What the admin's Photos tab shows (admin/mappers toAdminImage) and what names and makes its variants. */
export const LISTED_FIELDS = ['id', 'documentId', 'takenAt', 'label', 'source', 'sourceRef', 'width', 'height', 'checksum', 'derivatives'] as const;

export interface StoredDerivative extends StoredObject {
  variant: VariantName;
  width: number;
  height: number;
  /**
   * The stored bytes' CRC-32 and size, recorded when they are written (and measured once, on
   * first need, for files written before): a package zip is laid out from them without reading
   * a byte (lib/zip-layout.ts).
   */
  crc32?: number;
  size?: number;
}

export type DerivativeRecord = Record<string, StoredDerivative>;

/** The upload-file columns a render reads (SourceFile), for listings that select only what they use. */
export const SOURCE_FILE_FIELDS = ['id', 'hash', 'ext', 'mime', 'url', 'width', 'height', 'size', 'provider'] as const;

export interface SourceFile {
  id: number;
  hash: string;
  ext: string;
  mime: string;
  url: string;
  width?: number | null;
  height?: number | null;
  size?: number | null;
  provider?: string;
}

export interface ImageRow {
  id: number;
  documentId: string;
  checksum?: string | null;
  width?: number | null;
  height?: number | null;
  derivatives?: DerivativeRecord | null;
  file?: SourceFile | null;
}

/** An image by documentId, or a row already loaded with its file (see isLoaded). */
export type ImageRef = string | { documentId: string } | ImageRow;

/** Who a visitor URL is for: the link's capability, the signing key and the URL lifetime. */
export interface VisitorCapability {
  linkDocumentId: string;
  version: string;
  key: Buffer;
  ttlSeconds: number;
}

/** Visitor URLs expire on 5-minute boundaries: the same photo keeps one URL that long, so revisits hit the browser cache. */
export const VISITOR_URL_WINDOW_SECONDS = 300;

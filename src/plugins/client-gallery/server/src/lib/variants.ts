import crypto from 'crypto';
import type { WatermarkPosition } from './watermark-layout';
import { RESOLUTIONS } from '../../../shared/public-api';
import { drawnFields } from './watermark-fingerprint';

/**
 * The derivative variants of a photo and how each is keyed in storage. Pure: no sharp, no I/O.
 *
 * A stored derivative's key is `derivatives/<source checksum>/<variant>-<spec hash>.jpg`. The spec
 * hash covers everything that changes the output bytes (size, quality, watermark design, metadata
 * policy, pipeline version), so a changed design gets a new key instead of a stale file.
 */
/** The two view sizes, then the download resolutions (each a variant of its own). */
export const VARIANT_NAMES = ['thumb', 'preview', ...RESOLUTIONS] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

export interface VariantSize {
  /** Long edge in pixels; null keeps the source size. */
  longEdge: number | null;
  quality: number;
}

export const VARIANT_SIZES: Record<VariantName, VariantSize> = {
  thumb: { longEdge: 480, quality: 80 },
  preview: { longEdge: 2048, quality: 82 },
  web: { longEdge: 2048, quality: 88 },
  high: { longEdge: 3600, quality: 90 },
  original: { longEdge: null, quality: 95 },
};

/** Made at ingest, from the same decode as the checks; the rest are made on first need and kept. */
export const INGEST_VARIANTS: VariantName[] = ['thumb', 'preview'];

/** Bump when the pipeline changes its output, so old derivatives are regenerated under new keys. */
export const PIPELINE_VERSION = 1;

export interface WatermarkDesign {
  mode: 'text' | 'logo';
  text?: string | null;
  /** The logo's upload file: its hash identifies the bytes. */
  logo?: { id: number; hash: string; ext?: string | null; url?: string | null; provider?: string } | null;
  position: WatermarkPosition;
  opacity: number;
  scale: number;
}

/** A stored design row (its logo populated) as the renderer takes it. */
export function designOfRow(row: Record<string, any>): WatermarkDesign {
  return {
    mode: row.mode,
    text: row.text ?? null,
    logo: row.logo ? { id: row.logo.id, hash: row.logo.hash, ext: row.logo.ext, url: row.logo.url, provider: row.logo.provider } : null,
    position: row.position ?? 'center',
    opacity: Number(row.opacity ?? 0.35),
    scale: Number(row.scale ?? 0.3),
  };
}

export interface VariantOptions {
  /** A watermark design, or null for a clean variant. */
  watermark?: WatermarkDesign | null;
  /** Keep EXIF (GPS, serials) in the delivered file; off unless a link asks for it. */
  keepMetadata?: boolean;
}

export interface VariantSpec extends VariantSize {
  variant: VariantName;
  watermark: Omit<WatermarkDesign, 'logo'> & { logo: string | null } | null;
  keepMetadata: boolean;
  v: number;
}

export function isVariantName(value: unknown): value is VariantName {
  return typeof value === 'string' && (VARIANT_NAMES as readonly string[]).includes(value);
}

export function specFor(variant: VariantName, options: VariantOptions = {}): VariantSpec {
  const design = options.watermark ?? null;
  return {
    variant,
    ...VARIANT_SIZES[variant],
    // The drawn fields themselves (not their digest), so keys made before the fingerprint existed stay valid.
    watermark: design ? drawnFields(design) : null,
    keepMetadata: Boolean(options.keepMetadata),
    // Files that keep metadata are made from an allow-list since this version (lib/photo-metadata.ts);
    // earlier ones copied the source's EXIF, embedded thumbnail included, and are never reused.
    ...(options.keepMetadata ? { metadata: 'allow-list-1' } : {}),
    v: PIPELINE_VERSION,
  };
}

/** Stable JSON: keys sorted, so equal specs hash equally whatever order they were built in. */
function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

export function specHash(spec: VariantSpec): string {
  return crypto.createHash('sha256').update(stableStringify(spec)).digest('hex').slice(0, 16);
}

/** The record key inside gallery-image.derivatives, and the file name in storage. */
export function derivativeId(spec: VariantSpec): string {
  return `${spec.variant}-${specHash(spec)}`;
}

/**
 * The folder of a source's derivatives. It is derived from the source checksum (so copies of one
 * photo share their derivatives) under the server's secret key: a derivative's key shows up in
 * the URLs visitors receive, and nobody holding the photo may compute where its variants live.
 */
export function derivativeDir(checksum: string, key: Buffer): string {
  if (!/^[a-f0-9]{64}$/.test(checksum)) throw new Error('derivativeDir: checksum must be a SHA-256 hex digest');
  return `derivatives/${crypto.createHmac('sha256', key).update(`client-galleries/derivatives/${checksum}`).digest('hex').slice(0, 32)}`;
}

/** Sizes that fit `longEdge` without enlarging; the source dimensions are after orientation. */
export function fitInside(width: number, height: number, longEdge: number | null): { width: number; height: number } {
  if (longEdge === null || Math.max(width, height) <= longEdge) return { width, height };
  const ratio = longEdge / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * ratio)), height: Math.max(1, Math.round(height * ratio)) };
}

/** One variant to make: its id (the name it is stored and recorded under), its spec and its watermark. */
export interface RenderRequest {
  id: string;
  spec: VariantSpec;
  design: WatermarkDesign | null;
}

/**
 * Specs and their ids by what they are made of: a listing asks for the same two or three variants of
 * every photo it shows, and hashing each spec again (stable JSON, SHA-256) was a tenth of a page's
 * CPU. Bounded: a studio has a handful of designs, and the map is simply cleared if it ever fills.
 */
const specsByMaking = new Map<string, { id: string; spec: VariantSpec }>();

export function renderRequest(variant: VariantName, options: VariantOptions = {}): RenderRequest {
  const design = options.watermark ?? null;
  const making = [variant, Boolean(options.keepMetadata), design ? [design.mode, design.text, design.logo?.hash, design.position, design.opacity, design.scale] : null];
  const key = JSON.stringify(making);
  let known = specsByMaking.get(key);
  if (!known) {
    const spec = specFor(variant, options);
    known = { id: derivativeId(spec), spec };
    if (specsByMaking.size >= 500) specsByMaking.clear();
    specsByMaking.set(key, known);
  }
  return { id: known.id, spec: known.spec, design };
}

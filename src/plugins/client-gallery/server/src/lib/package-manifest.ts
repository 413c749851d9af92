import crypto from 'crypto';
import { createNameDeduper } from './file-names';
import { layoutZip, type ZipLayout } from './zip-layout';
import { renderRequest, type WatermarkDesign } from './variants';
import type { Resolution } from '../../../shared/public-api';

/**
 * What a prepared package froze: the variant it delivers, a fixed timestamp, and per
 * entry its name inside the zip, the stored bytes' size and CRC-32, and the storage key to read
 * them from. From it follow the zip's exact layout (lib/zip-layout.ts), its length and a strong
 * ETag, with no byte read. Stored on the package row; pure.
 */
export interface PackageManifest {
  v: 1;
  /** The derivative id every entry is a file of (resolution, watermark design, metadata rule). */
  variant: string;
  watermarked: boolean;
  keepMetadata: boolean;
  /** ISO time stamped on every entry: the same manifest always gives the same bytes. */
  modified: string;
  /** [name in the zip, size, CRC-32, storage key] */
  entries: Array<[string, number, number, string]>;
}

export interface FrozenEntry {
  fileName: string;
  size: number;
  crc32: number;
  key: string;
}

export interface FrozenPolicy {
  variant: string;
  watermarked: boolean;
  keepMetadata: boolean;
}

/** The parts of a delivery policy that decide which stored file a package entry is. */
export function frozenPolicyOf(resolution: Resolution, policy: { watermark: WatermarkDesign | null; keepMetadata: boolean }): FrozenPolicy {
  return {
    variant: renderRequest(resolution, { watermark: policy.watermark, keepMetadata: policy.keepMetadata }).id,
    watermarked: Boolean(policy.watermark),
    keepMetadata: policy.keepMetadata,
  };
}

/** Freeze `entries` (in package order) under `policy`; names are deduplicated here, case-insensitively. */
export function freezeManifest(policy: FrozenPolicy, modified: Date, entries: FrozenEntry[]): PackageManifest {
  const dedupe = createNameDeduper();
  return {
    v: 1,
    ...policy,
    // Two-second DOS resolution: keep the stored time on that grid, so a reader sees what is stamped.
    modified: new Date(Math.floor(modified.getTime() / 2000) * 2000).toISOString(),
    entries: entries.map((entry) => [dedupe(entry.fileName), entry.size, entry.crc32 >>> 0, entry.key]),
  };
}

export function layoutOf(manifest: PackageManifest): ZipLayout {
  return layoutZip(
    manifest.entries.map(([name, size, crc32]) => ({ name, size, crc32 })),
    new Date(manifest.modified),
  );
}

/**
 * The zip format's own version (lib/zip-layout.ts). Part of the ETag: when the layout's bytes
 * change for the same entries (entries became UNIX-made), a resume with an old ETag gets the
 * whole new zip instead of a splice of two.
 */
const LAYOUT_FORMAT = 2;

/** A strong validator of the exact bytes: any change of a name, size, CRC, order, time or format changes it. */
export function etagOf(manifest: PackageManifest): string {
  return `"${crypto
    .createHash('sha256')
    .update(JSON.stringify([LAYOUT_FORMAT, manifest.modified, manifest.entries.map(([name, size, crc]) => [name, size, crc])]))
    .digest('base64url')
    .slice(0, 32)}"`;
}

/**
 * May a package frozen under `frozen` still be served when the link's policy is now `current`?
 * Yes when it is the same variant. No when the downloads' watermark was switched, either way:
 * on, serving frozen clean files would hand out what the studio withdrew; off, the studio chose
 * to deliver the clean photos ("Downloaded images have watermarks" unchecked), and a zip minted
 * before that choice ends with it. No for another watermark design, or metadata now stripped.
 * Yes when only metadata may now be kept: the frozen files are at least as protected as allowed.
 */
export function frozenStillServes(frozen: FrozenPolicy, current: FrozenPolicy): boolean {
  if (frozen.variant === current.variant) return true;
  if (frozen.watermarked !== current.watermarked || current.watermarked) return false;
  return !frozen.keepMetadata || current.keepMetadata;
}

export function isManifest(value: unknown): value is PackageManifest {
  const m = value as PackageManifest | null;
  return Boolean(m && m.v === 1 && typeof m.variant === 'string' && typeof m.modified === 'string' && Array.isArray(m.entries));
}

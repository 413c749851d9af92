import crypto from 'crypto';
import type { WatermarkPosition } from './watermark-layout';

/**
 * What a watermark design draws, reduced to the fields that change a watermarked file's bytes,
 * and a digest of them. The variant spec (lib/variants.ts) embeds exactly these fields, so the
 * storage key of every watermarked derivative changes whenever the fingerprint does: after a
 * design is edited the old key is never looked up again. A logo is named by its upload hash,
 * which the designer's logo route derives from the re-encoded bytes. Pure, for a table test.
 */
export interface DrawnDesign {
  mode: 'text' | 'logo';
  text?: string | null;
  logo?: { hash: string } | null;
  position: WatermarkPosition;
  opacity: number;
  scale: number;
}

export interface DrawnFields {
  mode: 'text' | 'logo';
  text: string | null;
  logo: string | null;
  position: WatermarkPosition;
  opacity: number;
  scale: number;
}

const round2 = (n: number) => Math.round(Number(n) * 100) / 100;

/** The rendering fields: the text only for a text mark, the logo only for a logo mark, numbers to 2 places. */
export function drawnFields(design: DrawnDesign): DrawnFields {
  return {
    mode: design.mode,
    text: design.mode === 'text' ? (design.text ?? '') : null,
    logo: design.mode === 'logo' ? (design.logo?.hash ?? null) : null,
    position: design.position,
    opacity: round2(design.opacity),
    scale: round2(design.scale),
  };
}

/** 16 hex digits of SHA-256 over the drawn fields in a fixed order. */
export function designFingerprint(design: DrawnDesign): string {
  const f = drawnFields(design);
  const canonical = JSON.stringify([f.mode, f.text, f.logo, f.position, f.opacity, f.scale]);
  return crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

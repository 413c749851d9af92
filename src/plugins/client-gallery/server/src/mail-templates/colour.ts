/**
 * Readable colours around the studio's accent: a button's label is black or white, whichever
 * contrasts more with it, and links take the accent only where it reads on white (WCAG AA, 4.5:1),
 * else a dark grey. Pure, with a table test.
 */

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of '#rrggbb'. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export const INK = '#1f1f1f';
export const PAPER = '#ffffff';

/** The label colour on an accent-coloured button. */
export function textOn(accent: string): string {
  return contrastRatio(accent, INK) >= contrastRatio(accent, PAPER) ? INK : PAPER;
}

/** The colour of links on the white page: the accent when it reads, else ink. */
export function linkColour(accent: string): string {
  return contrastRatio(accent, PAPER) >= 4.5 ? accent : INK;
}

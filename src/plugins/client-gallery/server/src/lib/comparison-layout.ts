/**
 * The side-by-side comparison's geometry. Pure: no sharp, no I/O.
 *
 * The photos sit in one row, in the order sent, all at one height, so none is letterboxed or
 * cropped: the height is chosen so that the photos plus the gutters between them fill exactly the
 * width asked for. Under the row runs a caption strip (each photo's date and label under it).
 */
export const COMPARISON_WIDTHS = [2048, 4096] as const;
export type ComparisonWidth = (typeof COMPARISON_WIDTHS)[number];
export const MAX_COMPARED = 4;

export interface Panel {
  left: number;
  width: number;
  height: number;
}

export interface ComparisonLayout {
  width: number;
  height: number;
  /** The photos' common height (the row above the captions). */
  rowHeight: number;
  gutter: number;
  captionHeight: number;
  panels: Panel[];
}

/** Oriented sizes of the sources, in order; `width` is the output width. */
export function comparisonLayout(sources: Array<{ width: number; height: number }>, width: number): ComparisonLayout {
  if (sources.length < 2) throw new RangeError('a comparison needs at least two photos');
  if (sources.some((s) => !(s.width > 0 && s.height > 0))) throw new RangeError('every photo needs a size');
  const gutter = Math.max(4, Math.round(width / 256));
  const captionHeight = Math.max(40, Math.round(width / 40));
  const inner = width - gutter * (sources.length - 1);
  const aspects = sources.map((s) => s.width / s.height);
  const exactHeight = inner / aspects.reduce((sum, a) => sum + a, 0);
  const rowHeight = Math.max(1, Math.round(exactHeight));

  // Each panel's width at that height, rounded; the last panel takes the rounding so the row is exact.
  const panels: Panel[] = [];
  let left = 0;
  aspects.forEach((aspect, i) => {
    const last = i === aspects.length - 1;
    const panelWidth = last ? width - left : Math.max(1, Math.round(exactHeight * aspect));
    panels.push({ left, width: panelWidth, height: rowHeight });
    left += panelWidth + gutter;
  });
  return { width, height: rowHeight + captionHeight, rowHeight, gutter, captionHeight, panels };
}

/** The caption under one photo: its date (YYYY-MM-DD) and label, when it has one. */
export function captionText(takenAt: Date | string, label: string | null | undefined): string {
  const date = new Date(takenAt).toISOString().slice(0, 10);
  return label ? `${date} · ${label}` : date;
}

/** Text for an SVG text node: the five XML specials escaped. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

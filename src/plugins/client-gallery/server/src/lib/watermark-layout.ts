/**
 * Where a watermark goes on an image: pure geometry, so it can be tested as a table.
 * The mark is sized by `scale` against the image width and then shrunk, keeping its aspect,
 * until it fits inside the image with a margin.
 */
export type WatermarkPosition = 'center' | 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right' | 'tiled';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface LayoutInput {
  imageWidth: number;
  imageHeight: number;
  /** The mark's width / height. */
  markAspect: number;
  position: WatermarkPosition;
  /** Mark width as a fraction of the image width (0.05–1). */
  scale: number;
}

export type Layout =
  | { kind: 'single'; mark: Box }
  /** Repeat a tile of `tile` size over the whole image, starting at the top-left; `mark` is the mark's box inside one tile. */
  | { kind: 'tiled'; tile: { width: number; height: number }; mark: Box };

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Margin between a corner mark and the image edge: 3% of the shorter side. */
export function marginFor(imageWidth: number, imageHeight: number): number {
  return Math.round(Math.min(imageWidth, imageHeight) * 0.03);
}

export function layoutWatermark({ imageWidth, imageHeight, markAspect, position, scale }: LayoutInput): Layout {
  if (!(imageWidth > 0 && imageHeight > 0 && markAspect > 0)) throw new Error('layoutWatermark: sizes must be positive');
  const safeScale = clamp(Number.isFinite(scale) ? scale : 0.3, 0.05, 1);
  const margin = position === 'center' || position === 'tiled' ? 0 : marginFor(imageWidth, imageHeight);
  const maxWidth = Math.max(1, imageWidth - 2 * margin);
  const maxHeight = Math.max(1, imageHeight - 2 * margin);

  let width = Math.min(imageWidth * safeScale, maxWidth);
  let height = width / markAspect;
  if (height > maxHeight) {
    height = maxHeight;
    width = height * markAspect;
  }
  width = Math.max(1, Math.round(width));
  height = Math.max(1, Math.round(height));

  if (position === 'tiled') {
    // Gaps of half a mark sideways and one mark height vertically keep the photo readable.
    // A tile is never larger than the image (sharp refuses such a composite).
    const tile = { width: Math.min(imageWidth, width + Math.round(width / 2)), height: Math.min(imageHeight, height * 2) };
    return { kind: 'tiled', tile, mark: { left: Math.round((tile.width - width) / 2), top: Math.round((tile.height - height) / 2), width, height } };
  }

  const right = imageWidth - width - margin;
  const bottom = imageHeight - height - margin;
  const centerLeft = Math.round((imageWidth - width) / 2);
  const centerTop = Math.round((imageHeight - height) / 2);
  const corners: Record<Exclude<WatermarkPosition, 'tiled'>, [number, number]> = {
    center: [centerLeft, centerTop],
    'top-left': [margin, margin],
    'top-right': [right, margin],
    'bottom-left': [margin, bottom],
    'bottom-right': [right, bottom],
  };
  const [left, top] = corners[position];
  return { kind: 'single', mark: { left: Math.max(0, left), top: Math.max(0, top), width, height } };
}

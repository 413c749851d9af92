import type { CSSProperties, ReactNode } from 'react';

/**
 * Whole photos in rows of one height: each tile's flex basis is its photo's aspect
 * ratio times the row height, and it grows in proportion to that ratio, so the photos of a row
 * keep a common height while the row fills the width. The row height shrinks with the viewport
 * (down to 390 px phones). A last, spacer item that grows without bound takes the free space of
 * the last row, so a short last row is not stretched.
 */
const ROW_HEIGHT = 'clamp(120px, 26vw, 220px)';
const GAP_PX = 16;

/** The aspect ratio a tile gets: the photo's own, or 4:3 while its size is unknown. */
export const aspectOf = (width: number | null | undefined, height: number | null | undefined) => (width && height ? width / height : 4 / 3);

/**
 * A tile's flex item style. `chromePx` is the tile's own horizontal padding and borders: the
 * basis adds it once, and growth goes in proportion to the aspect, so every photo's width stays
 * aspect × (one height per row).
 */
export function justifiedItem(aspect: number, chromePx = 0, rowHeight = ROW_HEIGHT): CSSProperties {
  const ratio = Number.isFinite(aspect) && aspect > 0 ? Math.min(Math.max(aspect, 0.2), 5) : 4 / 3;
  return { flex: `${ratio} 1 calc(${ratio} * ${rowHeight} + ${chromePx}px)`, minWidth: 0, maxWidth: '100%' };
}

/** The last item of a justified row list: it takes the free space of the last row, so that row keeps its height. */
export const rowEnd: CSSProperties = { flex: '1000000 1 0px', height: 0, minWidth: 0 };

export const JustifiedGrid = ({ children, testId }: { children: ReactNode; testId?: string }) => (
  <div data-testid={testId} style={{ display: 'flex', flexWrap: 'wrap', gap: GAP_PX, alignItems: 'flex-start' }}>
    {children}
    <div aria-hidden style={rowEnd} />
  </div>
);

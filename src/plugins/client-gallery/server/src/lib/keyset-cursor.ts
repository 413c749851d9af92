/**
 * Opaque keyset cursors for "newest first" listings ordered by (takenAt desc, id desc).
 * A cursor names the last row a page ended on; the next page starts strictly after it,
 * so rows inserted meanwhile can never make a page repeat or skip an older row.
 */
export interface KeysetPosition {
  takenAt: string;
  id: number;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.takenAt, position.id]), 'utf8').toString('base64url');
}

/** Returns null for anything that is not a cursor this module produced. */
export function decodeCursor(cursor: string): KeysetPosition | null {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    return null;
  }
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [takenAt, id] = value;
    if (typeof takenAt !== 'string' || Number.isNaN(Date.parse(takenAt))) return null;
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    return { takenAt: new Date(takenAt).toISOString(), id };
  } catch {
    return null;
  }
}

/** Clamp a requested page size into [1, max], defaulting when absent or malformed. */
export function pageSize(requested: unknown, fallback = 30, max = 100): number {
  const n = typeof requested === 'string' ? Number(requested) : typeof requested === 'number' ? requested : NaN;
  if (!Number.isInteger(n) || n < 1) return fallback;
  return Math.min(n, max);
}

/**
 * Cursors for listings in a gallery's own order, (position, image id) ascending. Tagged "g" so
 * a date cursor (above) is never mistaken for one.
 */
export interface GalleryOrderPosition {
  position: number;
  imageId: number;
}

export function encodeOrderCursor(position: GalleryOrderPosition): string {
  return Buffer.from(JSON.stringify(['g', position.position, position.imageId]), 'utf8').toString('base64url');
}

export function decodeOrderCursor(cursor: string): GalleryOrderPosition | null {
  if (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3 || value[0] !== 'g') return null;
    const [, position, imageId] = value;
    if (!Number.isSafeInteger(position) || position < 0 || !Number.isSafeInteger(imageId) || imageId <= 0) return null;
    return { position, imageId };
  } catch {
    return null;
  }
}

/**
 * Caps on what a link's visitor may write in one window (config `visitorWrites`), counted in the
 * database by services/share/access-attempt.ts so they hold across server processes. A comment counts
 * against its link and its thread (one photo's, or the gallery's); marks (favourites, selection,
 * review marks, the download list) against their link; package orders against their link. Reads
 * are never capped, nor is a write refused for another reason first (an unknown photo, a closed gallery).
 */
export interface VisitorWriteLimits {
  windowMinutes: number;
  commentsPerLink: number;
  commentsPerThread: number;
  marksPerLink: number;
  packagesPerLink: number;
}

export type VisitorWrite =
  | { kind: 'comment'; linkId: number; imageId: number | null }
  | { kind: 'mark'; linkId: number }
  | { kind: 'package'; linkId: number };

export interface WriteCap {
  key: string;
  max: number;
}

/** The counters one write takes a slot in, each with its cap. */
export function writeCaps(write: VisitorWrite, limits: VisitorWriteLimits): WriteCap[] {
  switch (write.kind) {
    case 'comment':
      return [
        { key: `visitor-write:comment:${write.linkId}`, max: limits.commentsPerLink },
        { key: `visitor-write:comment:${write.linkId}:${write.imageId ?? 'gallery'}`, max: limits.commentsPerThread },
      ];
    case 'mark':
      return [{ key: `visitor-write:mark:${write.linkId}`, max: limits.marksPerLink }];
    case 'package':
      return [{ key: `visitor-write:package:${write.linkId}`, max: limits.packagesPerLink }];
  }
}

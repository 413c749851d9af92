/**
 * The rules of a proofing selection that need no database: which round a link is in, whether it
 * may change, whether it may be confirmed, and how two rounds differ. The selection service
 * applies them inside one transaction per link (services/proofing/selection.ts); tests/unit/selection-rules.test.ts
 * is their table.
 */

/** The latest confirmed round of a link, as stored (a `selection` row), or null before the first confirm. */
export interface LatestRound {
  round: number;
  confirmedAt: string | Date;
  reopenedAt: string | Date | null;
  reopenReason?: string | null;
}

export interface SelectionPhase {
  /** The round the visitor is working on, or the round that is confirmed. */
  round: number;
  /** Confirmed and not reopened: the set is frozen. */
  confirmed: boolean;
  confirmedAt: string | null;
  /** Why the studio reopened the previous round, for the client to read. */
  reopenReason: string | null;
}

const iso = (value: string | Date | null | undefined) => (value ? new Date(value).toISOString() : null);

export function phaseOf(latest: LatestRound | null): SelectionPhase {
  if (!latest) return { round: 1, confirmed: false, confirmedAt: null, reopenReason: null };
  if (!latest.reopenedAt) return { round: latest.round, confirmed: true, confirmedAt: iso(latest.confirmedAt), reopenReason: null };
  return { round: latest.round + 1, confirmed: false, confirmedAt: null, reopenReason: latest.reopenReason ?? null };
}

export interface Bounds {
  min: number | null;
  max: number | null;
}

/** The gallery's bounds as the visitor sees them: a max below the min is read as the min. */
export function boundsOf(gallery: { selectionMin?: number | null; selectionMax?: number | null }): Bounds {
  const min = Number.isInteger(gallery.selectionMin) && (gallery.selectionMin as number) > 0 ? (gallery.selectionMin as number) : null;
  let max = Number.isInteger(gallery.selectionMax) && (gallery.selectionMax as number) > 0 ? (gallery.selectionMax as number) : null;
  if (max !== null && min !== null && max < min) max = min;
  return { min, max };
}

/** Why one more photo cannot be added, or null. */
export function addRefusal(phase: SelectionPhase, bounds: Bounds, count: number): { reason: 'confirmed' } | { reason: 'full'; max: number } | null {
  if (phase.confirmed) return { reason: 'confirmed' };
  if (bounds.max !== null && count >= bounds.max) return { reason: 'full', max: bounds.max };
  return null;
}

/** Why the set cannot be confirmed now, or null. An empty set is never a final selection. */
export function confirmRefusal(
  phase: SelectionPhase,
  bounds: Bounds,
  count: number,
): { reason: 'confirmed' } | { reason: 'too-small'; min: number } | { reason: 'too-large'; max: number } | null {
  if (phase.confirmed) return { reason: 'confirmed' };
  const min = Math.max(1, bounds.min ?? 1);
  if (count < min) return { reason: 'too-small', min };
  // The studio may have lowered the max after photos were chosen: the client removes some first.
  if (bounds.max !== null && count > bounds.max) return { reason: 'too-large', max: bounds.max };
  return null;
}

/** What changed from round `before` to round `after`, each list in its round's order. */
export function compareRounds(before: readonly string[], after: readonly string[]) {
  const was = new Set(before);
  const now = new Set(after);
  return {
    added: after.filter((id) => !was.has(id)),
    removed: before.filter((id) => !now.has(id)),
    kept: after.filter((id) => was.has(id)),
  };
}

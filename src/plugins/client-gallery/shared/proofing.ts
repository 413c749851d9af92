/** Proofing facts the server, the public page and the admin share. */

/** "7 of 10 (min 5)", "3 selected (min 5)", "7 of 10", "7 selected". */
export function selectionCounter(count: number, min: number | null, max: number | null): string {
  const base = max !== null ? `${count} of ${max}` : `${count} selected`;
  return min !== null && min > 0 ? `${base} (min ${min})` : base;
}

/** The longest comment body a client or the studio may post (plain text). */
export const COMMENT_MAX_LENGTH = 2000;
/** The longest reason the studio may give when reopening a selection. */
export const REOPEN_REASON_MAX_LENGTH = 2000;

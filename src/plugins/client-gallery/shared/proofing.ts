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

/** The bounds of a reminder schedule, the plugin default's and each gallery's alike. */
export const REMINDER_DAYS_MIN = 1;
export const REMINDER_DAYS_MAX = 60;
export const REMINDERS_AT_MOST = 5;

/**
 * What is wrong with a gallery's own reminder schedule, or null when it is fine: 1 to 5 distinct
 * whole day counts from 1 to 60. Null means "the plugin default"; an empty list is refused,
 * because turning reminders off is `remindersEnabled: false` (so the days are kept for later).
 */
export function reminderDaysProblem(value: unknown): string | null {
  if (value === null) return null;
  if (!Array.isArray(value)) return 'reminderDays must be a list of day counts, or null for the default';
  if (value.length === 0) return 'reminderDays needs at least one day count (turn reminders off with remindersEnabled: false)';
  if (value.length > REMINDERS_AT_MOST) return `reminderDays takes at most ${REMINDERS_AT_MOST} day counts`;
  if (!value.every((days) => Number.isInteger(days) && days >= REMINDER_DAYS_MIN && days <= REMINDER_DAYS_MAX)) {
    return `reminderDays must be whole days from ${REMINDER_DAYS_MIN} to ${REMINDER_DAYS_MAX}`;
  }
  if (new Set(value).size !== value.length) return 'reminderDays must not repeat a day count';
  return null;
}

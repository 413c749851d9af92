/**
 * Deadlines that act, as pure functions of a clock. A gallery's `deadline` is a date:
 * it is the last day the client may work, so it passes at the end of that day (UTC). Every
 * request decides with effectiveStage(); a scheduled task also flips the stored stage and tells
 * the studio, and sends the reminders reminderDue() names.
 */
import type { GalleryStatus } from '../../../shared/public-api';
import { reminderDaysProblem } from '../../../shared/proofing';

export { REMINDER_DAYS_MAX, reminderDaysProblem } from '../../../shared/proofing';

const DAY_MS = 24 * 3600_000;

/** The moment the deadline passes (ms): the end of the deadline day, UTC. Null without a (valid) deadline. */
export function deadlineEnd(deadline: string | null | undefined): number | null {
  if (!deadline || !/^\d{4}-\d{2}-\d{2}/.test(deadline)) return null;
  const start = Date.parse(`${deadline.slice(0, 10)}T00:00:00.000Z`);
  return Number.isNaN(start) ? null : start + DAY_MS;
}

export function deadlinePassed(deadline: string | null | undefined, now: number): boolean {
  const end = deadlineEnd(deadline);
  return end !== null && now >= end;
}

/** A proofing gallery past its deadline behaves as locked, whatever the stored stage says yet. */
export function effectiveStage(stage: GalleryStatus, deadline: string | null | undefined, now: number): GalleryStatus {
  return stage === 'proofing' && deadlinePassed(deadline, now) ? 'locked' : stage;
}

/** Whole days left until the deadline passes, rounded up (1 = it passes within the next 24 hours); null without one. */
export function daysLeft(deadline: string | null | undefined, now: number): number | null {
  const end = deadlineEnd(deadline);
  return end === null ? null : Math.ceil((end - now) / DAY_MS);
}

/**
 * Which reminders are due now: every configured day count not above the days left, while the
 * deadline has not passed. The mail goes for the nearest one (the smallest); the others are
 * marked sent with it, so a server that was down does not send "3 days left" a day before.
 */
export function reminderDue(deadline: string | null | undefined, now: number, reminderDays: readonly number[]): { send: number; due: number[] } | null {
  const left = daysLeft(deadline, now);
  if (left === null || left <= 0) return null;
  const due = [...new Set(reminderDays)].filter((days) => left <= days).sort((a, b) => a - b);
  return due.length ? { send: due[0], due } : null;
}

/**
 * The reminder schedule a gallery follows: none when the studio turned reminders off, its own
 * day counts when it has them, else the plugin's `proofing.reminderDays`. Rows from before the
 * per-gallery options have both fields null, which means on, with the default.
 */
export function reminderScheduleOf(gallery: { remindersEnabled?: boolean | null; reminderDays?: unknown }, defaults: readonly number[]): readonly number[] {
  if (gallery.remindersEnabled === false) return [];
  const own = gallery.reminderDays;
  return Array.isArray(own) && own.length > 0 && reminderDaysProblem(own) === null ? (own as number[]) : defaults;
}

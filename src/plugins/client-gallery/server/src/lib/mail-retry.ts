/**
 * When the outbox tries a mail again. Pure, so the schedule is a table test: the wait doubles
 * after each failed try, from `baseMs` up to `maxMs`, and after `maxAttempts` tries the mail is
 * given up (the studio sees it as failed and may send it again).
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

export type AfterFailure = { giveUp: true } | { giveUp: false; retryAt: number };

/** The wait after the `attempt`-th failed try (1-based). */
export function retryDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 40));
  return Math.min(policy.baseMs * 2 ** exponent, policy.maxMs);
}

/** What follows the `attempt`-th failed try, at `now`. */
export function afterFailure(attempt: number, now: number, policy: RetryPolicy): AfterFailure {
  if (attempt >= policy.maxAttempts) return { giveUp: true };
  return { giveUp: false, retryAt: now + retryDelayMs(attempt, policy) };
}

/**
 * A delivery error as the studio may see it and the log may keep: the SMTP reply code and the
 * first line of the server's reply, never more than 300 characters. Addresses are masked, since
 * a server's reply often quotes the recipient.
 */
export function describeMailError(error: unknown): string {
  const err = (error ?? {}) as { message?: unknown; code?: unknown; responseCode?: unknown };
  const code = typeof err.responseCode === 'number' ? String(err.responseCode) : typeof err.code === 'string' ? err.code : '';
  const firstLine = String(err.message ?? 'The mail server refused the message').split(/\r?\n/)[0];
  const masked = firstLine.replace(/[^\s<>"'@]+@[^\s<>"']+/g, '<address>');
  return (code && !masked.includes(code) ? `${code} ${masked}` : masked).slice(0, 300);
}

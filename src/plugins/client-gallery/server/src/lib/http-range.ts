/**
 * Byte ranges (RFC 9110 §14): what part of a representation of `size` bytes a request asks for.
 * Shared by /media, single downloads and package zips, so a broken transfer of any of them
 * resumes the same way. Pure; table-tested in tests/unit/http-range.test.ts.
 *
 * - One range only. A multi-range or malformed header is ignored (the whole body is sent), as
 *   the RFC allows; browsers and download managers resume with a single range.
 * - A range whose last position is before its first (`bytes=10-5`) is invalid, not
 *   unsatisfiable (RFC 9110 §14.1.1): the header is ignored and the whole body sent.
 * - A range that starts at or past the end is unsatisfiable: 416 with the true length.
 * - `If-Range` must equal the current strong ETag for the range to apply; anything else (a
 *   stale ETag, a weak one, a date) gets the whole body, so a resume never splices two versions.
 */
export type RangeDecision = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

export function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null; // multi-range or malformed: send it all
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    if (match[2] !== '' && Number(match[2]) < start) return null; // invalid: ignored
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}

/** The decision for a request's `Range` and `If-Range` headers against the current `etag`. */
export function decideRange(headers: { range?: string; ifRange?: string }, size: number, etag: string): RangeDecision {
  if (!headers.range) return { kind: 'full' };
  if (headers.ifRange && headers.ifRange.trim() !== etag) return { kind: 'full' };
  const range = parseRange(headers.range, size);
  if (range === null) return { kind: 'full' };
  if (range === 'unsatisfiable') return { kind: 'unsatisfiable' };
  return { kind: 'partial', ...range };
}

/** The status and headers that go with a decision (the body is the caller's). */
export function rangeResponse(decision: RangeDecision, size: number): { status: number; headers: Record<string, string>; length: number } {
  switch (decision.kind) {
    case 'unsatisfiable':
      return { status: 416, headers: { 'Content-Range': `bytes */${size}` }, length: 0 };
    case 'partial':
      return { status: 206, headers: { 'Content-Range': `bytes ${decision.start}-${decision.end}/${size}` }, length: decision.end - decision.start + 1 };
    default:
      return { status: 200, headers: {}, length: size };
  }
}

import { decideRange, rangeResponse } from '../../src/plugins/client-gallery/server/src/lib/http-range';

/** One Range decision for /media, single downloads and package zips (RFC 9110 §14). */
describe('decideRange', () => {
  const ETAG = '"v1"';
  it.each([
    ['no Range: the whole body', {}, { kind: 'full' }],
    ['a plain range', { range: 'bytes=10-19' }, { kind: 'partial', start: 10, end: 19 }],
    ['an open-ended range', { range: 'bytes=990-' }, { kind: 'partial', start: 990, end: 999 }],
    ['a suffix range', { range: 'bytes=-100' }, { kind: 'partial', start: 900, end: 999 }],
    ['an end past the size is cut to it', { range: 'bytes=995-5000' }, { kind: 'partial', start: 995, end: 999 }],
    ['a start past the end', { range: 'bytes=1000-' }, { kind: 'unsatisfiable' }],
    ['an empty suffix', { range: 'bytes=-0' }, { kind: 'unsatisfiable' }],
    // RFC 9110 §14.1.1: a last position before the first makes the range invalid; the header is ignored.
    ['last position before the first: ignored, the whole body', { range: 'bytes=10-5' }, { kind: 'full' }],
    ['last position before the first, past the end: ignored', { range: 'bytes=2000-1500' }, { kind: 'full' }],
    ['a one-byte range', { range: 'bytes=5-5' }, { kind: 'partial', start: 5, end: 5 }],
    ['the last byte', { range: 'bytes=999-999' }, { kind: 'partial', start: 999, end: 999 }],
    ['a start past the end with an end after it', { range: 'bytes=1000-1005' }, { kind: 'unsatisfiable' }],
    ['a suffix longer than the body: all of it, as a range', { range: 'bytes=-5000' }, { kind: 'partial', start: 0, end: 999 }],
    ['no digits at all: ignored', { range: 'bytes=-' }, { kind: 'full' }],
    ['garbage: ignored', { range: 'bytes=a-b' }, { kind: 'full' }],
    ['multiple ranges: the whole body', { range: 'bytes=0-1,5-6' }, { kind: 'full' }],
    ['another unit: the whole body', { range: 'items=0-1' }, { kind: 'full' }],
    ['If-Range with the current ETag: the range', { range: 'bytes=10-19', ifRange: ETAG }, { kind: 'partial', start: 10, end: 19 }],
    ['If-Range with a stale ETag: the whole body', { range: 'bytes=10-19', ifRange: '"v0"' }, { kind: 'full' }],
    ['If-Range with a weak ETag: the whole body', { range: 'bytes=10-19', ifRange: 'W/"v1"' }, { kind: 'full' }],
    ['If-Range with a date: the whole body', { range: 'bytes=10-19', ifRange: 'Sun, 29 Nov 2026 10:00:00 GMT' }, { kind: 'full' }],
  ])('%s', (_name, headers, expected) => {
    expect(decideRange(headers, 1000, ETAG)).toEqual(expected);
  });

  it.each([
    [{ kind: 'full' } as const, { status: 200, headers: {}, length: 1000 }],
    [{ kind: 'partial', start: 10, end: 19 } as const, { status: 206, headers: { 'Content-Range': 'bytes 10-19/1000' }, length: 10 }],
    [{ kind: 'unsatisfiable' } as const, { status: 416, headers: { 'Content-Range': 'bytes */1000' }, length: 0 }],
  ])('answers %j with its status, Content-Range and length', (decision, expected) => {
    expect(rangeResponse(decision, 1000)).toEqual(expected);
  });
});

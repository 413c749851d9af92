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
    ['start after end', { range: 'bytes=20-10' }, { kind: 'unsatisfiable' }],
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

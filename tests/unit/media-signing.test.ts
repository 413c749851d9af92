import { isValidKey, MAX_TTL_SECONDS, sign, verify } from '../../providers/upload-private-local/src/signing';
import { parseRange } from '../../src/plugins/client-gallery/server/src/lib/http-range';
import { Semaphore } from '../../src/plugins/client-gallery/server/src/lib/semaphore';

const SECRET = 'unit-secret';
const NOW = 1_800_000_000;
const KEY = 'derivatives/abc/thumb-0123456789abcdef.jpg';

describe('media signing', () => {
  describe('isValidKey', () => {
    it.each([
      [KEY, true],
      ['photo_abc123.jpg', true],
      ['../secret', false],
      ['derivatives/../x.jpg', false],
      ['.env', false],
      ['a//b.jpg', false],
      ['/abs.jpg', false],
      ['%2e%2e/x', false],
      ['a\\b', false],
      ['', false],
    ])('%j → %p', (key, valid) => {
      expect(isValidKey(key)).toBe(valid);
    });
  });

  describe('verify', () => {
    const exp = NOW + 600;
    const sig = sign(KEY, exp, SECRET);
    it.each([
      ['a fresh signature', { key: KEY, exp: String(exp), sig }, true],
      ['another key', { key: KEY.replace('thumb', 'preview'), exp: String(exp), sig }, false],
      ['another expiry', { key: KEY, exp: String(exp + 1), sig }, false],
      ['an expired one', { key: KEY, exp: String(NOW - 1), sig: sign(KEY, NOW - 1, SECRET) }, false],
      ['an expiry beyond the maximum lifetime', { key: KEY, exp: String(NOW + MAX_TTL_SECONDS + 3600), sig: sign(KEY, NOW + MAX_TTL_SECONDS + 3600, SECRET) }, false],
      ['another secret', { key: KEY, exp: String(exp), sig: sign(KEY, exp, 'other') }, false],
      ['a missing signature', { key: KEY, exp: String(exp), sig: undefined }, false],
      ['a repeated query parameter', { key: KEY, exp: [String(exp), String(exp)], sig }, false],
    ])('%s → %p', (_name, request, ok) => {
      expect(verify(request, SECRET, NOW)).toBe(ok);
    });
  });

  describe('parseRange', () => {
    it.each([
      ['bytes=0-99', { start: 0, end: 99 }],
      ['bytes=900-', { start: 900, end: 999 }],
      ['bytes=-100', { start: 900, end: 999 }],
      ['bytes=990-5000', { start: 990, end: 999 }],
      ['bytes=1000-', 'unsatisfiable'],
      // RFC 9110 §14.1.1: a last position before the first is invalid, so the header is ignored.
      ['bytes=50-10', null],
      ['bytes=0-1,5-6', null],
      ['items=0-1', null],
    ])('%s of 1000 bytes', (header, expected) => {
      expect(parseRange(header, 1000)).toEqual(expected);
    });
  });
});

describe('Semaphore', () => {
  it('never runs more than its limit at once', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        semaphore.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
  });

  it('releases its slot when a task throws', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(async () => 'ok')).resolves.toBe('ok');
  });
});

import { capabilityVersion, parseVisitorMedia, visitorMediaQuery, windowedExpiry, type CapabilityState } from '../../src/plugins/client-gallery/server/src/lib/capability';

/** Visitor media URLs: bound to the link's capability, expiring on window boundaries. */
const KEY = Buffer.from('unit-test-signing-key-0123456789');
const LINK = 'ab12cd34ef56gh78ij90kl12';
const PHOTO = 'ph12cd34ef56gh78ij90kl12';
const NOW = 1_800_000_000;
const STATE: CapabilityState = { tokenHash: 'a'.repeat(64), passwordHash: null, watermark: true };

const queryOf = (text: string) => Object.fromEntries(new URLSearchParams(text));

describe('capability', () => {
  describe('capabilityVersion', () => {
    it.each<[string, Partial<CapabilityState>]>([
      ['a regenerated token', { tokenHash: 'b'.repeat(64) }],
      ['a password set', { passwordHash: 'scrypt$1$salt$hash' }],
      ['the watermark switched off', { watermark: false }],
    ])('changes with %s', (_label, change) => {
      expect(capabilityVersion(KEY, { ...STATE, ...change })).not.toBe(capabilityVersion(KEY, STATE));
    });

    it('stays the same while nothing that matters changes, and depends on the key', () => {
      expect(capabilityVersion(KEY, { ...STATE })).toBe(capabilityVersion(KEY, STATE));
      expect(capabilityVersion(Buffer.from('another-key'), STATE)).not.toBe(capabilityVersion(KEY, STATE));
    });
  });

  describe('windowedExpiry', () => {
    it.each([
      [NOW, 900, 300],
      [NOW + 1, 900, 300],
      [NOW + 299, 900, 300],
      [NOW + 17, 60, 300],
    ])('at %i with ttl %i and window %i, lies within [now + ttl − window, now + ttl]', (now, ttl, window) => {
      const exp = windowedExpiry(now, ttl, window);
      expect(exp).toBeLessThanOrEqual(now + ttl);
      expect(exp).toBeGreaterThanOrEqual(now + ttl - Math.min(window, Math.floor(ttl / 3)));
      expect(exp - now).toBeGreaterThanOrEqual(Math.ceil((2 * ttl) / 3));
    });

    it('gives the same expiry to every URL minted within one window', () => {
      const base = Math.ceil(NOW / 300) * 300;
      expect(new Set([0, 1, 100, 299].map((offset) => windowedExpiry(base + offset, 900, 300))).size).toBe(1);
    });
  });

  describe('parseVisitorMedia', () => {
    const version = capabilityVersion(KEY, STATE);
    const exp = windowedExpiry(NOW, 900, 300);
    const good = queryOf(visitorMediaQuery(KEY, 'derivatives/x/thumb.jpg', exp, LINK, version, PHOTO));

    it('accepts its own URL and tells whose it is', () => {
      expect(parseVisitorMedia(KEY, 'derivatives/x/thumb.jpg', good, NOW, 900)).toEqual({ linkDocumentId: LINK, version, imageDocumentId: PHOTO, exp });
    });

    it.each<[string, string, Record<string, string>, number]>([
      ['another stored key', 'derivatives/x/preview.jpg', good, NOW],
      ['a changed expiry', 'derivatives/x/thumb.jpg', { ...good, exp: String(exp + 300) }, NOW],
      ['another link', 'derivatives/x/thumb.jpg', { ...good, cap: `zz12cd34ef56gh78ij90kl12.${version}` }, NOW],
      ['another version', 'derivatives/x/thumb.jpg', { ...good, cap: `${LINK}.AAAAAAAAAAAAAAAA` }, NOW],
      ['another photo (same stored variant)', 'derivatives/x/thumb.jpg', { ...good, img: 'zz12cd34ef56gh78ij90kl12' }, NOW],
      ['no photo', 'derivatives/x/thumb.jpg', { exp: good.exp, cap: good.cap, sig: good.sig }, NOW],
      ['a tampered signature', 'derivatives/x/thumb.jpg', { ...good, sig: `${good.sig.slice(0, -1)}${good.sig.endsWith('A') ? 'B' : 'A'}` }, NOW],
      ['no signature', 'derivatives/x/thumb.jpg', { exp: good.exp, cap: good.cap, img: good.img }, NOW],
      ['an expired URL', 'derivatives/x/thumb.jpg', good, exp + 1],
      ['a malformed capability', 'derivatives/x/thumb.jpg', { ...good, cap: '1.2' }, NOW],
    ])('refuses %s', (_label, storageKey, query, now) => {
      expect(parseVisitorMedia(KEY, storageKey, query, now, 900)).toBeNull();
    });

    it('refuses a far-future expiry even with a valid signature', () => {
      const far = queryOf(visitorMediaQuery(KEY, 'k.jpg', NOW + 86_400, LINK, version, PHOTO));
      expect(parseVisitorMedia(KEY, 'k.jpg', far, NOW, 900)).toBeNull();
    });
  });
});

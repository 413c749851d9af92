import { derivativeDir, derivativeId, fitInside, renderRequest, specFor, specHash, type WatermarkDesign } from '../../src/plugins/client-gallery/server/src/lib/variants';

const design: WatermarkDesign = { mode: 'text', text: 'PROOF', position: 'tiled', opacity: 0.3, scale: 0.25 };

describe('variants', () => {
  describe('fitInside', () => {
    it.each([
      ['shrinks landscape to the long edge', 6000, 4000, 2048, { width: 2048, height: 1365 }],
      ['shrinks portrait to the long edge', 4000, 6000, 480, { width: 320, height: 480 }],
      ['never enlarges', 640, 480, 2048, { width: 640, height: 480 }],
      ['keeps the source size for the original', 6000, 4000, null, { width: 6000, height: 4000 }],
      ['never rounds an edge to zero', 10000, 1, 480, { width: 480, height: 1 }],
    ])('%s', (_name, w, h, edge, expected) => {
      expect(fitInside(w as number, h as number, edge as number | null)).toEqual(expected);
    });
  });

  describe('specHash', () => {
    it('is stable for equal specs and differs when anything that changes the bytes differs', () => {
      const clean = specHash(specFor('preview'));
      expect(specHash(specFor('preview'))).toBe(clean);
      expect(specHash(specFor('preview', { watermark: { ...design } }))).toBe(specHash(specFor('preview', { watermark: design })));
      const variants = [
        specFor('thumb'),
        specFor('preview', { watermark: design }),
        specFor('preview', { watermark: { ...design, text: 'DRAFT' } }),
        specFor('preview', { watermark: { ...design, position: 'center' } }),
        specFor('preview', { watermark: { ...design, opacity: 0.5 } }),
        specFor('preview', { keepMetadata: true }),
        specFor('web'),
      ].map(specHash);
      expect(new Set([clean, ...variants]).size).toBe(variants.length + 1);
    });

    it('ignores the logo of a text design and the text of a logo design', () => {
      const text = specFor('thumb', { watermark: { ...design, logo: { id: 1, hash: 'logo_a' } } });
      expect(specHash(text)).toBe(specHash(specFor('thumb', { watermark: design })));
      const logoA = specFor('thumb', { watermark: { ...design, mode: 'logo', logo: { id: 1, hash: 'logo_a' } } });
      const logoB = specFor('thumb', { watermark: { ...design, mode: 'logo', logo: { id: 2, hash: 'logo_b' } } });
      expect(specHash(logoA)).not.toBe(specHash(logoB));
    });
  });

  describe('keys', () => {
    const checksum = 'a'.repeat(64);
    const key = Buffer.from('server-secret-key');
    it('put a derivative under derivatives/<folder keyed from the checksum, never the checksum itself>/', () => {
      expect(derivativeDir(checksum, key)).toMatch(/^derivatives\/[a-f0-9]{32}$/);
      expect(derivativeDir(checksum, key)).not.toContain(checksum.slice(0, 16));
      expect(derivativeDir(checksum, key)).toBe(derivativeDir(checksum, key));
      // Without the server's key, nobody holding the photo can compute where its variants live.
      expect(derivativeDir(checksum, Buffer.from('another-key'))).not.toBe(derivativeDir(checksum, key));
      expect(derivativeId(specFor('thumb'))).toMatch(/^thumb-[a-f0-9]{16}$/);
    });
    it.each(['', 'abc', '..'.repeat(22), 'A'.repeat(64)])('refuse a checksum that is not a SHA-256 hex digest: %s', (bad) => {
      expect(() => derivativeDir(bad, Buffer.from('k'))).toThrow();
    });
  });

  describe('renderRequest (remembers specs by what they are made of)', () => {
    const logo = { id: 7, hash: 'logo_abc' };
    it.each([
      ['a clean thumb', 'thumb', {}],
      ['a text-watermarked preview', 'preview', { watermark: design }],
      ['the same design with another text', 'preview', { watermark: { ...design, text: 'DRAFT' } }],
      ['the same design, less opaque', 'preview', { watermark: { ...design, opacity: 0.5 } }],
      ['a logo design', 'web', { watermark: { mode: 'logo', logo, position: 'center', opacity: 0.4, scale: 0.2 } }],
      ['another logo file', 'web', { watermark: { mode: 'logo', logo: { id: 8, hash: 'logo_def' }, position: 'center', opacity: 0.4, scale: 0.2 } }],
      ['a high variant keeping metadata', 'high', { keepMetadata: true }],
    ] as const)('asked twice for %s, answers the id a fresh spec has, and the caller\'s design', (_name, variant, options) => {
      const fresh = derivativeId(specFor(variant, options as any));
      for (let i = 0; i < 2; i++) {
        const request = renderRequest(variant, options as any);
        expect(request.id).toBe(fresh);
        expect(request.design).toBe((options as any).watermark ?? null);
      }
    });
  });
});

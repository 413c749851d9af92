import { designFingerprint, drawnFields, type DrawnDesign } from '../../src/plugins/client-gallery/server/src/lib/watermark-fingerprint';
import { renderRequest, VARIANT_NAMES } from '../../src/plugins/client-gallery/server/src/lib/variants';

/**
 * A design's fingerprint covers exactly what it draws: every rendering field changes it (and so
 * every watermarked variant's storage key), and nothing else does.
 */
const base: DrawnDesign = { mode: 'text', text: 'LUMEN', logo: null, position: 'bottom-right', opacity: 0.4, scale: 0.3 };
const logoBase: DrawnDesign = { ...base, mode: 'logo', logo: { hash: 'watermark_logo_aaaa' } };

describe('designFingerprint', () => {
  it.each<[string, DrawnDesign, DrawnDesign]>([
    ['the text', base, { ...base, text: 'LUMEN ' + 'x' }],
    ['the position', base, { ...base, position: 'tiled' }],
    ['the opacity', base, { ...base, opacity: 0.41 }],
    ['the scale', base, { ...base, scale: 0.5 }],
    ['the mode', base, { ...base, mode: 'logo', logo: { hash: 'watermark_logo_aaaa' } }],
    ['the logo bytes (their hash)', logoBase, { ...logoBase, logo: { hash: 'watermark_logo_bbbb' } }],
  ])('changes with %s, and so does every watermarked variant key', (_field, before, after) => {
    expect(designFingerprint(after)).not.toBe(designFingerprint(before));
    for (const variant of VARIANT_NAMES) {
      for (const keepMetadata of [false, true]) {
        expect(renderRequest(variant, { watermark: after as any, keepMetadata }).id).not.toBe(renderRequest(variant, { watermark: before as any, keepMetadata }).id);
      }
    }
  });

  it.each<[string, DrawnDesign, DrawnDesign]>([
    ['a text left over on a logo mark', logoBase, { ...logoBase, text: 'ignored' }],
    ['a logo left over on a text mark', base, { ...base, logo: { hash: 'watermark_logo_cccc' } }],
    ['opacity past the second decimal', base, { ...base, opacity: 0.4004 }],
    ['fields of the row it was read from (name, default)', base, { ...base, name: 'Other', isDefault: true } as DrawnDesign],
  ])('ignores %s', (_field, before, after) => {
    expect(designFingerprint(after)).toBe(designFingerprint(before));
  });

  it('is 16 hex digits and stable across key order', () => {
    const reordered = { scale: 0.3, opacity: 0.4, position: 'bottom-right', logo: null, text: 'LUMEN', mode: 'text' } as DrawnDesign;
    expect(designFingerprint(base)).toMatch(/^[a-f0-9]{16}$/);
    expect(designFingerprint(reordered)).toBe(designFingerprint(base));
  });

  it('keeps the keys variants had before the fingerprint existed (the spec embeds the same drawn fields)', () => {
    expect(drawnFields(base)).toEqual({ mode: 'text', text: 'LUMEN', logo: null, position: 'bottom-right', opacity: 0.4, scale: 0.3 });
  });
});

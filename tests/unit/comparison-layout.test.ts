import { captionText, comparisonLayout, escapeXml } from '../../src/plugins/client-gallery/server/src/lib/comparison-layout';

describe('comparison-layout', () => {
  describe('comparisonLayout', () => {
    it.each([
      [
        'two 3:2 photos at 2048',
        [
          { width: 6000, height: 4000 },
          { width: 6000, height: 4000 },
        ],
        2048,
      ],
      [
        'two 3:2 photos at 4096',
        [
          { width: 6000, height: 4000 },
          { width: 6000, height: 4000 },
        ],
        4096,
      ],
      [
        'a landscape and a portrait',
        [
          { width: 4000, height: 3000 },
          { width: 3000, height: 4000 },
        ],
        2048,
      ],
      [
        'three photos of odd sizes',
        [
          { width: 641, height: 479 },
          { width: 97, height: 333 },
          { width: 1001, height: 1000 },
        ],
        2048,
      ],
      ['four panoramas', Array.from({ length: 4 }, () => ({ width: 9000, height: 1000 })), 4096],
    ])('%s: fills exactly the width asked, gutters between, one row height', (_name, sources, width) => {
      const layout = comparisonLayout(sources, width);
      expect(layout.width).toBe(width);
      const last = layout.panels[layout.panels.length - 1];
      expect(last.left + last.width).toBe(width);
      layout.panels.forEach((panel, i) => {
        expect(panel.height).toBe(layout.rowHeight);
        expect(panel.width).toBeGreaterThan(0);
        if (i > 0) expect(panel.left).toBe(layout.panels[i - 1].left + layout.panels[i - 1].width + layout.gutter);
        // Whole photos: each panel keeps its photo's shape (what rounding costs is under 1%).
        const aspect = sources[i].width / sources[i].height;
        expect(Math.abs(panel.width / panel.height / aspect - 1)).toBeLessThan(0.01);
      });
      expect(layout.height).toBe(layout.rowHeight + layout.captionHeight);
    });

    it('keeps the photos in the order given: a portrait sent first is the narrow panel on the left', () => {
      const layout = comparisonLayout(
        [
          { width: 3000, height: 4000 },
          { width: 4000, height: 3000 },
        ],
        2048,
      );
      expect(layout.panels[0].left).toBe(0);
      expect(layout.panels[0].width).toBeLessThan(layout.panels[1].width);
    });

    it.each([
      ['one photo', [{ width: 10, height: 10 }]],
      [
        'a photo without a size',
        [
          { width: 10, height: 10 },
          { width: 0, height: 10 },
        ],
      ],
    ])('refuses %s', (_name, sources) => {
      expect(() => comparisonLayout(sources, 2048)).toThrow(RangeError);
    });
  });

  describe('captionText', () => {
    it.each([
      ['date and label', '2026-04-01T10:00:00.000Z', 'Before', '2026-04-01 · Before'],
      ['date alone when there is no label', '2026-04-01T23:59:00.000Z', null, '2026-04-01'],
      ['a Date as well as a string', new Date('2026-12-31T00:00:00.000Z'), 'After', '2026-12-31 · After'],
    ])('%s', (_name, takenAt, label, expected) => {
      expect(captionText(takenAt, label)).toBe(expected);
    });
  });

  it('escapes what would break out of an SVG text node', () => {
    expect(escapeXml(`<script>"a" & 'b'</script>`)).toBe('&lt;script&gt;&quot;a&quot; &amp; &apos;b&apos;&lt;/script&gt;');
  });
});

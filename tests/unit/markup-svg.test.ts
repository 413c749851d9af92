import { markupLayersSchema, markupSvg } from '../../src/plugins/client-gallery/server/src/lib/markup-svg';
import type { MarkupLayer } from '../../src/plugins/client-gallery/shared/markup';

const red = { colour: '#ff0000', width: 0.01 };

describe('markup-svg', () => {
  describe('markupLayersSchema', () => {
    it.each<[string, unknown]>([
      [
        'a pen stroke',
        [
          {
            tool: 'pen',
            points: [
              [0.1, 0.1],
              [0.2, 0.3],
            ],
            ...red,
          },
        ],
      ],
      ['every shape tool', ['arrow', 'line', 'rect', 'ellipse'].map((tool) => ({ tool, from: [0, 0], to: [1, 1], ...red }))],
      ['a text', [{ tool: 'text', at: [0.5, 0.5], text: 'Here', ...red }]],
      ['no layers at all', []],
    ])('accepts %s', (_name, layers) => {
      expect(markupLayersSchema.safeParse(layers).success).toBe(true);
    });

    it.each<[string, unknown]>([
      ['an unknown tool', [{ tool: 'spray', from: [0, 0], to: [1, 1], ...red }]],
      ['a colour that is not #rrggbb', [{ tool: 'line', from: [0, 0], to: [1, 1], colour: 'red', width: 0.01 }]],
      ['a colour smuggling SVG', [{ tool: 'line', from: [0, 0], to: [1, 1], colour: '#ff0000" onload="x', width: 0.01 }]],
      ['pixel coordinates instead of image-relative ones', [{ tool: 'line', from: [0, 0], to: [640, 480], ...red }]],
      ['a zero width', [{ tool: 'line', from: [0, 0], to: [1, 1], colour: '#000000', width: 0 }]],
      ['an empty text', [{ tool: 'text', at: [0, 0], text: '   ', ...red }]],
      ['a pen without points', [{ tool: 'pen', points: [], ...red }]],
      ['an extra field', [{ tool: 'line', from: [0, 0], to: [1, 1], ...red, href: 'x' }]],
      ['more than 500 layers', Array.from({ length: 501 }, () => ({ tool: 'line', from: [0, 0], to: [1, 1], ...red }))],
    ])('refuses %s', (_name, layers) => {
      expect(markupLayersSchema.safeParse(layers).success).toBe(false);
    });
  });

  describe('markupSvg', () => {
    it('draws image-relative layers at the size asked, so one markup scales to any resolution', () => {
      const layers: MarkupLayer[] = [{ tool: 'rect', from: [0.5, 0.25], to: [0.25, 0.75], colour: '#00ff00', width: 0.01 }];
      expect(markupSvg(layers, 400, 200)).toContain('<rect x="100" y="50" width="100" height="100" stroke="#00ff00" stroke-width="4"');
      expect(markupSvg(layers, 4000, 2000)).toContain('<rect x="1000" y="500" width="1000" height="1000" stroke="#00ff00" stroke-width="40"');
    });

    it.each<[string, MarkupLayer, RegExp]>([
      [
        'a pen stroke as one path',
        {
          tool: 'pen',
          points: [
            [0, 0],
            [0.5, 0.5],
            [1, 0],
          ],
          ...red,
        },
        /<path d="M0 0L50 50L100 0"/,
      ],
      ['a one-point pen stroke as a dot', { tool: 'pen', points: [[0.5, 0.5]], ...red }, /<circle cx="50" cy="50" r="0.5" fill="#ff0000"/],
      ['a line', { tool: 'line', from: [0, 0], to: [1, 1], ...red }, /<line x1="0" y1="0" x2="100" y2="100"/],
      [
        'an arrow with its head at "to"',
        { tool: 'arrow', from: [0, 0.5], to: [1, 0.5], ...red },
        /<line x1="0" y1="50" x2="100" y2="50"\/><path d="M[\d.]+ [\d.]+L100 50L/,
      ],
      ['an ellipse inside its box', { tool: 'ellipse', from: [0, 0], to: [1, 0.5], ...red }, /<ellipse cx="50" cy="25" rx="50" ry="25"/],
      [
        'a text with XML escaped',
        { tool: 'text', at: [0.1, 0.1], text: '<b>&', colour: '#000000', width: 0.1 },
        /<text x="10" y="10" font-size="10"[^>]*>&lt;b&gt;&amp;<\/text>/,
      ],
    ])('draws %s', (_name, layer, expected) => {
      expect(markupSvg([layer], 100, 100)).toMatch(expected);
    });
  });
});

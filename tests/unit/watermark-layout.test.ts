import { layoutWatermark, marginFor, type LayoutInput } from '../../src/plugins/client-gallery/server/src/lib/watermark-layout';

describe('watermark-layout', () => {
  describe('layoutWatermark', () => {
    const base = { imageWidth: 2000, imageHeight: 1000, markAspect: 4, scale: 0.3 };

    it.each<[string, Partial<LayoutInput>, { left: number; top: number; width: number; height: number }]>([
      // 30% of 2000 = 600 wide, 150 tall; margin = 3% of 1000 = 30.
      ['centers the mark', { position: 'center' }, { left: 700, top: 425, width: 600, height: 150 }],
      ['puts it top-left inside the margin', { position: 'top-left' }, { left: 30, top: 30, width: 600, height: 150 }],
      ['puts it top-right inside the margin', { position: 'top-right' }, { left: 1370, top: 30, width: 600, height: 150 }],
      ['puts it bottom-left inside the margin', { position: 'bottom-left' }, { left: 30, top: 820, width: 600, height: 150 }],
      ['puts it bottom-right inside the margin', { position: 'bottom-right' }, { left: 1370, top: 820, width: 600, height: 150 }],
      // A tall logo (aspect 0.5) at scale 1 would be 4000 tall: shrunk to the image height minus margins.
      ['shrinks a mark that would overflow vertically, keeping its aspect', { position: 'bottom-right', markAspect: 0.5, scale: 1 }, { left: 1500, top: 30, width: 470, height: 940 }],
      ['clamps a scale above 1 to the full width', { position: 'center', scale: 5 }, { left: 0, top: 250, width: 2000, height: 500 }],
      ['clamps a scale below 0.05 to 5%', { position: 'center', scale: 0.001 }, { left: 950, top: 488, width: 100, height: 25 }],
      ['never makes a mark smaller than one pixel', { position: 'center', imageWidth: 10, imageHeight: 10, markAspect: 100, scale: 0.05 }, { left: 5, top: 5, width: 1, height: 1 }],
    ])('%s', (_name, input, expected) => {
      const layout = layoutWatermark({ ...base, position: 'center', ...input } as LayoutInput);
      expect(layout.kind).toBe('single');
      expect(layout.mark).toEqual(expected);
    });

    it.each<[string, Partial<LayoutInput>, { tile: { width: number; height: number }; mark: { left: number; top: number; width: number; height: number } }]>([
      ['tiles with half a mark of gap sideways and one mark height vertically', {}, { tile: { width: 900, height: 300 }, mark: { left: 150, top: 75, width: 600, height: 150 } }],
      ['never makes a tile larger than the image', { scale: 1 }, { tile: { width: 2000, height: 1000 }, mark: { left: 0, top: 250, width: 2000, height: 500 } }],
    ])('%s', (_name, input, expected) => {
      const layout = layoutWatermark({ ...base, position: 'tiled', ...input } as LayoutInput);
      expect(layout).toEqual({ kind: 'tiled', ...expected });
    });

    it('keeps every single mark inside the image, for every position and a range of shapes', () => {
      for (const position of ['center', 'top-left', 'top-right', 'bottom-left', 'bottom-right'] as const) {
        for (const [imageWidth, imageHeight] of [[480, 320], [320, 480], [2048, 2048], [37, 5]]) {
          for (const markAspect of [0.2, 1, 6]) {
            for (const scale of [0.05, 0.3, 1]) {
              const { mark } = layoutWatermark({ imageWidth, imageHeight, markAspect, position, scale });
              expect(mark.left).toBeGreaterThanOrEqual(0);
              expect(mark.top).toBeGreaterThanOrEqual(0);
              expect(mark.left + mark.width).toBeLessThanOrEqual(imageWidth);
              expect(mark.top + mark.height).toBeLessThanOrEqual(imageHeight);
            }
          }
        }
      }
    });

    it('refuses non-positive sizes', () => {
      expect(() => layoutWatermark({ ...base, imageWidth: 0, position: 'center' })).toThrow();
      expect(() => layoutWatermark({ ...base, markAspect: 0, position: 'center' })).toThrow();
    });
  });

  describe('marginFor', () => {
    it.each([
      [2000, 1000, 30],
      [480, 320, 10],
      [10, 10, 0],
    ])('is 3%% of the shorter side of %ix%i: %i', (w, h, margin) => {
      expect(marginFor(w, h)).toBe(margin);
    });
  });
});

import {
  accentOfStylesheet,
  accentOnDark,
  accentStylesheet,
  accentStylesheetPath,
  accentWarnings,
  contrastRatio,
  LOGO_FILE_NAME,
  mixColours,
  readableForeground,
} from '../../src/plugins/client-gallery/shared/brand';

describe('brand', () => {
  describe('contrastRatio', () => {
    it.each([
      ['#000000', '#ffffff', 21],
      ['#ffffff', '#000000', 21],
      ['#777777', '#777777', 1],
      ['#767676', '#ffffff', 4.54],
    ])('%s on %s is %p:1', (a, b, ratio) => {
      expect(contrastRatio(a, b)).toBeCloseTo(ratio, 1);
    });
  });

  describe('readableForeground', () => {
    it.each([
      ['the pages’ own sand', '#d8c3a0', '#111110'],
      ['white', '#ffffff', '#111110'],
      ['yellow', '#ffd400', '#111110'],
      ['navy', '#1a2b5c', '#ffffff'],
      ['black', '#000000', '#ffffff'],
      ['a deep red', '#8b0000', '#ffffff'],
    ])('%s (%s) takes %s', (_what, accent, foreground) => {
      expect(readableForeground(accent)).toBe(foreground);
    });

    it.each(['#d8c3a0', '#ffd400', '#1a2b5c', '#8b0000', '#2a6f97', '#00ff00', '#ff00ff', '#336699'])('reads at 4.5:1 or more on %s', (accent) => {
      expect(contrastRatio(accent, readableForeground(accent))).toBeGreaterThanOrEqual(4.5);
    });
  });

  describe('accentOnDark', () => {
    it.each([
      ['keeps a light colour as it is', '#d8c3a0', '#d8c3a0'],
      ['keeps it lower-case', '#D8C3A0', '#d8c3a0'],
      ['lightens navy until it reads', '#1a2b5c', null],
      ['lightens black to a light grey', '#000000', null],
    ])('%s', (_what, accent, expected) => {
      const usable = accentOnDark(accent);
      if (expected) expect(usable).toBe(expected);
      expect(contrastRatio(usable, '#1a1a18')).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(usable, '#111110')).toBeGreaterThanOrEqual(4.5);
    });

    it('lightens no more than needed (one step back would not read)', () => {
      const usable = accentOnDark('#1a2b5c');
      expect(usable).not.toBe('#ffffff');
      const lighter = contrastRatio(usable, '#1a1a18');
      expect(lighter).toBeLessThan(6);
    });
  });

  describe('mixColours', () => {
    it.each([
      ['#000000', '#ffffff', 0, '#000000'],
      ['#000000', '#ffffff', 1, '#ffffff'],
      ['#000000', '#ffffff', 0.5, '#808080'],
      ['#102030', '#102030', 0.3, '#102030'],
    ])('%s to %s by %p is %s', (a, b, t, mixed) => {
      expect(mixColours(a, b, t)).toBe(mixed);
    });
  });

  describe('accentWarnings', () => {
    it.each([
      ['#d8c3a0', { readable: true, lightened: false }],
      ['#1a2b5c', { readable: true, lightened: true }],
      ['#777777', { readable: false }],
    ])('%s', (accent, expected) => {
      expect(accentWarnings(accent)).toMatchObject(expected);
    });
  });

  describe('the accent stylesheet', () => {
    it('sets the pages’ accent, its hover shade and the text on it', () => {
      expect(accentStylesheet('#1a2b5c')).toMatch(/^:root\{--accent:#[0-9a-f]{6};--accent-strong:#[0-9a-f]{6};--accent-contrast:#(111110|ffffff);\}\n$/);
    });

    it.each([
      ['#2A6F97', '/assets/brand/accent-2a6f97.css'],
      ['#d8c3a0', '/assets/brand/accent-d8c3a0.css'],
    ])('%s is served at %s, and read back from its name', (accent, path) => {
      expect(accentStylesheetPath(accent)).toBe(path);
      expect(accentOfStylesheet(path.split('/').pop()!)).toBe(accent.toLowerCase());
    });

    it.each(['accent-2A6F97.css', 'accent-2a6f9.css', 'accent-2a6f97.css.map', 'accent-../x.css', 'x.css', ''])('reads no colour from %p', (name) => {
      expect(accentOfStylesheet(name)).toBeNull();
    });
  });

  describe('LOGO_FILE_NAME', () => {
    it.each([
      ['0123456789abcdef0123456789abcdef.png', true],
      ['0123456789abcdef0123456789abcdef.webp', true],
      ['0123456789abcdef0123456789abcdef.svg', false],
      ['0123456789ABCDEF0123456789abcdef.png', false],
      ['../0123456789abcdef0123456789abcdef.png', false],
      ['0123456789abcdef0123456789abcdef.png\u0000', false],
      ['short.png', false],
    ])('%p: %p', (name, ok) => {
      expect(LOGO_FILE_NAME.test(name)).toBe(ok);
    });
  });
});

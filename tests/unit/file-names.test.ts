import {
  contentDisposition,
  createNameDeduper,
  isCleanFileName,
  MAX_NAME_BYTES,
  safeFileName,
  truncateUtf8,
} from '../../src/plugins/client-gallery/server/src/lib/file-names';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
/** 100 Japanese characters (3 bytes each in UTF-8): 300 bytes, past the 255 a file system takes. */
const JAPANESE_100 = '結婚式の写真'.repeat(17).slice(0, 100);

describe('file-names', () => {
  describe('safeFileName', () => {
    it.each([
      ['a plain label', 'Ceremony', 'jpg', 'Ceremony.jpg'],
      ['path traversal', '../../etc/passwd', 'jpg', 'etc passwd.jpg'],
      ['Windows separators and reserved characters', 'a\\b:c*d?e"f<g>h|i', 'jpg', 'a b c d e f g h i.jpg'],
      ['control characters', 'bad\u0000na\u001fme', 'jpg', 'bad na me.jpg'],
      ['its own extension', 'IMG_0001.JPG', 'jpg', 'IMG_0001.jpg'],
      ['a time that looks like an extension', 'Ceremony 2026-05-20 10.00', 'jpg', 'Ceremony 2026-05-20 10.00.jpg'],
      ['trailing dots and spaces', 'name. . ', 'jpg', 'name.jpg'],
      ['a reserved device name', 'CON', 'jpg', 'photo-CON.jpg'],
      ['nothing at all', '', 'jpg', 'photo.jpg'],
      ['only dots', '...', 'jpg', 'photo.jpg'],
      ['unicode, kept', 'Tomás – Ålesund', 'jpg', 'Tomás – Ålesund.jpg'],
      ['a hostile extension', 'x', 'j/p.g', 'x.jpg'],
      ['a bidi override (RLO) that hides the real extension', 'photo\u202Egpj.exe', 'jpg', 'photogpj.jpg'],
      ['every bidi embedding, override and isolate', 'a\u202Ab\u202Bc\u202Cd\u202De\u202Ef\u2066g\u2067h\u2068i\u2069j', 'jpg', 'abcdefghij.jpg'],
      ['zero-width characters, BOM and soft hyphen (format characters)', 'Ve\u200Bry\u200C\u200D\u2060\uFEFF\u00ADlong', 'jpg', 'Verylong.jpg'],
      ['C1 controls and DEL', 'a\u0085b\u009Bc\u007Fd', 'jpg', 'a b c d.jpg'],
      ['line and paragraph separators', 'a\u2028b\u2029c', 'jpg', 'a b c.jpg'],
      ['a lone surrogate', 'a\uD800b', 'jpg', 'ab.jpg'],
      ['only invisible characters', '\u202E\u200B\u2066', 'jpg', 'photo.jpg'],
    ])('handles %s', (_case, base, ext, expected) => {
      expect(safeFileName(base, ext)).toBe(expected);
    });

    // The cap is in bytes of UTF-8 (what a file system counts), no longer 100 code points: 100
    // Japanese characters made a 304-byte name that neither unzip nor Python could write.
    it.each([
      ['500 two-byte letters', 'é'.repeat(500), 'é'.repeat(125) + '.jpg'],
      ['100 Japanese characters', JAPANESE_100, JAPANESE_100.slice(0, 83) + '.jpg'],
      ['emoji (four bytes, two UTF-16 units each)', '😀'.repeat(100), '😀'.repeat(62) + '.jpg'],
      ['ASCII', 'a'.repeat(300), 'a'.repeat(251) + '.jpg'],
      ['a cut that would leave a trailing space', `${'a'.repeat(250)} bcdef`, 'a'.repeat(250) + '.jpg'],
    ])('caps %s at 255 bytes, on a code-point boundary, keeping the extension', (_case, base, expected) => {
      const name = safeFileName(base, 'jpg');
      expect(name).toBe(expected);
      expect(bytes(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
      expect(name).not.toContain('\uFFFD');
      expect(isCleanFileName(name)).toBe(true);
    });
  });

  describe('truncateUtf8', () => {
    it.each([
      ['abc', 2, 'ab'],
      ['aé', 2, 'a'],
      ['aé', 3, 'aé'],
      ['結婚', 5, '結'],
      ['😀x', 3, ''],
      ['😀x', 4, '😀'],
      ['', 10, ''],
    ])('cuts %j to %i bytes as %j', (text, max, expected) => {
      expect(truncateUtf8(text, max)).toBe(expected);
    });
  });

  describe('createNameDeduper', () => {
    it('numbers repeats, ignoring case', () => {
      const dedupe = createNameDeduper();
      expect(['a.jpg', 'a.jpg', 'A.jpg', 'a (2).jpg', 'b.jpg'].map(dedupe)).toEqual(['a.jpg', 'a (2).jpg', 'A (3).jpg', 'a (2) (2).jpg', 'b.jpg']);
    });

    it('keeps numbered names within 255 bytes, and unique when the cut makes two names alike', () => {
      const dedupe = createNameDeduper();
      const long = safeFileName(JAPANESE_100, 'jpg');
      // Two labels that differ only past the cut give the same capped name; then the numbers tell them apart.
      const other = safeFileName(JAPANESE_100 + 'x', 'jpg');
      const names = [long, long, other, long, ...Array.from({ length: 12 }, () => long)].map(dedupe);
      expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
      for (const name of names) {
        expect(bytes(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
        expect(name.endsWith('.jpg')).toBe(true);
        expect(isCleanFileName(name)).toBe(true);
      }
      expect(names[1]).toMatch(/ \(2\)\.jpg$/);
      expect(names[2]).toMatch(/ \(3\)\.jpg$/);
      expect(names[15]).toMatch(/ \(16\)\.jpg$/);
      expect(bytes(names[15])).toBeGreaterThan(MAX_NAME_BYTES - 3);
    });

    it('caps a name it is given too long', () => {
      const name = createNameDeduper()('x'.repeat(400) + '.jpg');
      expect([bytes(name), name.endsWith('.jpg')]).toEqual([255, true]);
    });
  });

  describe('contentDisposition', () => {
    it('gives an ASCII fallback and the UTF-8 name', () => {
      expect(contentDisposition('Tomás "best".jpg')).toBe(`attachment; filename="Tomas best.jpg"; filename*=UTF-8''Tom%C3%A1s%20%22best%22.jpg`);
    });

    it.each([
      ['a bidi override', 'photo\u202Egpj.exe.zip', `attachment; filename="photogpj.exe.zip"; filename*=UTF-8''photogpj.exe.zip`],
      ['an isolate and zero-width space', 'a\u2067b\u200Bc.zip', `attachment; filename="abc.zip"; filename*=UTF-8''abc.zip`],
      ['a CR LF and a C1 control', 'a\r\nb\u0085c.zip', `attachment; filename="a  b c.zip"; filename*=UTF-8''a%20%20b%20c.zip`],
    ])('leaves out %s, in both names', (_case, name, expected) => {
      expect(contentDisposition(name)).toBe(expected);
    });
  });
});

import { contentDisposition, createNameDeduper, safeFileName } from '../../src/plugins/client-gallery/server/src/lib/file-names';

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
    ])('handles %s', (_case, base, ext, expected) => {
      expect(safeFileName(base, ext)).toBe(expected);
    });

    it('caps very long names', () => {
      expect(Array.from(safeFileName('é'.repeat(500), 'jpg')).length).toBeLessThanOrEqual(104);
    });
  });

  describe('createNameDeduper', () => {
    it('numbers repeats, ignoring case', () => {
      const dedupe = createNameDeduper();
      expect(['a.jpg', 'a.jpg', 'A.jpg', 'a (2).jpg', 'b.jpg'].map(dedupe)).toEqual(['a.jpg', 'a (2).jpg', 'A (3).jpg', 'a (2) (2).jpg', 'b.jpg']);
    });
  });

  describe('contentDisposition', () => {
    it('gives an ASCII fallback and the UTF-8 name', () => {
      expect(contentDisposition('Tomás "best".jpg')).toBe(`attachment; filename="Tomas best.jpg"; filename*=UTF-8''Tom%C3%A1s%20%22best%22.jpg`);
    });
  });
});

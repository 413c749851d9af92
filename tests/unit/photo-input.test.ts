import sharp from 'sharp';
import { fileNameProblem, orientedSize, takenAtFromExif } from '../../src/plugins/client-gallery/server/src/lib/photo-input';

describe('photo-input', () => {
  describe('fileNameProblem', () => {
    it.each([
      ['IMG_0001.JPG', null],
      ['wedding day (1).jpeg', null],
      ['été.jpg', null],
      ['', 'has no file name'],
      ['../../etc/passwd.jpg', 'has a file name with a path in it'],
      ['a/b.jpg', 'has a file name with a path in it'],
      ['a\\b.jpg', 'has a file name with a path in it'],
      ['..', 'has a file name with a path in it'],
      ['bad\u0000.jpg', 'has a file name with reserved characters'],
      ['x'.repeat(256), 'has a file name longer than 255 characters'],
    ])('%j → %j', (name, problem) => {
      expect(fileNameProblem(name)).toBe(problem);
    });
  });

  describe('orientedSize', () => {
    it.each([
      [undefined, { width: 600, height: 400 }],
      [1, { width: 600, height: 400 }],
      [3, { width: 600, height: 400 }],
      [5, { width: 400, height: 600 }],
      [6, { width: 400, height: 600 }],
      [8, { width: 400, height: 600 }],
    ])('orientation %p', (orientation, expected) => {
      expect(orientedSize(600, 400, orientation)).toEqual(expected);
    });
  });

  describe('takenAtFromExif', () => {
    const exifOf = async (ifd2: Record<string, string>) =>
      (await sharp(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).withExif({ IFD2: ifd2 }).jpeg().toBuffer()).metadata()).exif;

    it('reads DateTimeOriginal', async () => {
      expect(takenAtFromExif(await exifOf({ DateTimeOriginal: '2021:07:04 10:30:00' }))?.toISOString()).toBe('2021-07-04T10:30:00.000Z');
    });
    it('applies OffsetTimeOriginal when the camera recorded one', async () => {
      expect(takenAtFromExif(await exifOf({ DateTimeOriginal: '2021:07:04 10:30:00', OffsetTimeOriginal: '+02:00' }))?.toISOString()).toBe('2021-07-04T08:30:00.000Z');
    });
    it.each([
      ['no EXIF', undefined],
      ['garbage', Buffer.from('not exif at all')],
    ])('is null for %s', (_name, exif) => {
      expect(takenAtFromExif(exif)).toBeNull();
    });
    it('is null for a camera clock set before 1900', async () => {
      expect(takenAtFromExif(await exifOf({ DateTimeOriginal: '1800:01:01 00:00:00' }))).toBeNull();
    });
  });
});

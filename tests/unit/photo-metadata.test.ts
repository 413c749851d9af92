import { jpegSegments, keptExif, metadataSegmentsOf, rational, replaceJpegMetadata, rewrittenJpegHeader } from '../../src/plugins/client-gallery/server/src/lib/photo-metadata';

/** The allow-list of what a delivered file keeps, and the JPEG surgery that keeps pixels untouched. */
describe('photo metadata', () => {
  describe('rational', () => {
    it.each([
      [0.004, '1/250'],
      [1 / 3, '1/3'],
      [2.8, '2800/1000'],
      [50, '50/1'],
      [0, '0/1'],
      [Number.NaN, '0/1'],
    ])('writes %p as %s', (value, text) => {
      expect(rational(value)).toBe(text);
    });
  });

  describe('keptExif', () => {
    const parsed = {
      Image: { Make: 'Cam', Model: 'X1', Artist: 'Ann', Copyright: '(c) Ann', ImageDescription: 'my home', Software: 'Editor 1' },
      Photo: {
        DateTimeOriginal: new Date(Date.UTC(2026, 4, 20, 14, 5, 0)),
        ExposureTime: 0.004,
        FNumber: 2.8,
        ISOSpeedRatings: 400,
        LensModel: 'FX 50mm\0',
        BodySerialNumber: 'SERIAL',
        LensSerialNumber: 'LENS',
        CameraOwnerName: 'Ann',
        MakerNote: Buffer.from('preview'),
        UserComment: Buffer.from('note'),
      },
      GPSInfo: { GPSLatitude: [48, 51, 29.57] },
      Thumbnail: { JPEGInterchangeFormat: 100 },
    };

    it('keeps who made the photo, with what and when', () => {
      expect(keptExif(parsed)).toEqual({
        IFD0: { Make: 'Cam', Model: 'X1', Artist: 'Ann', Copyright: '(c) Ann' },
        IFD2: { DateTimeOriginal: '2026:05:20 14:05:00', ExposureTime: '1/250', FNumber: '2800/1000', ISOSpeedRatings: '400', LensModel: 'FX 50mm' },
      });
    });

    it.each(['BodySerialNumber', 'LensSerialNumber', 'CameraOwnerName', 'MakerNote', 'UserComment', 'GPSLatitude', 'JPEGInterchangeFormat', 'ImageDescription', 'Software'])('never keeps %s', (tag) => {
      expect(JSON.stringify(keptExif(parsed))).not.toContain(tag);
    });

    it('writes Orientation only when asked (pixels not turned), and nothing for a photo without EXIF', () => {
      expect(keptExif(parsed, { orientation: 6 }).IFD0?.Orientation).toBe('6');
      expect(keptExif(parsed).IFD0?.Orientation).toBeUndefined();
      expect(keptExif(null)).toEqual({});
    });
  });

  describe('replaceJpegMetadata', () => {
    const segment = (marker: number, body: string) => {
      const bytes = Buffer.from(body, 'latin1');
      const head = Buffer.alloc(4);
      head.writeUInt16BE(0xff00 | marker, 0);
      head.writeUInt16BE(bytes.length + 2, 2);
      return Buffer.concat([head, bytes]);
    };
    const scan = Buffer.from([0xff, 0xda, 0x00, 0x04, 0x01, 0x02, 0xaa, 0xbb, 0xff, 0xd9]);
    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      segment(0xe0, 'JFIF\0\x01\x02'),
      segment(0xe1, 'Exif\0\0thumbnail-here'),
      segment(0xe1, 'http://ns.adobe.com/xap/1.0/\0xmp'),
      segment(0xe2, 'ICC_PROFILE\0\x01\x01profile'),
      segment(0xe2, 'MPF\0preview'),
      segment(0xed, 'Photoshop 3.0\0thumb'),
      segment(0xfe, 'a comment'),
      segment(0xdb, 'quantisation'),
      scan,
    ]);

    it('keeps JFIF, the ICC profile and the coding tables, puts the new EXIF after JFIF, and drops everything else', () => {
      const out = replaceJpegMetadata(jpeg, segment(0xe1, 'Exif\0\0new'))!;
      expect(metadataSegmentsOf(out)).toEqual(['APP0:JFIF', 'APP1:Exif', 'APP2:ICC_PROFILE']);
      expect(out.includes('thumbnail-here')).toBe(false);
      expect(out.includes('quantisation')).toBe(true);
      expect(out.subarray(jpegSegments(out)!.scanStart).equals(scan)).toBe(true);
    });

    it('rewrites only the header when given a prefix that reaches the scan: header + the rest of the original is the same file', () => {
      const prefix = jpeg.subarray(0, jpeg.length - 3);
      const { header, scanStart } = rewrittenJpegHeader(prefix, segment(0xe1, 'Exif\0\0new'))!;
      expect(Buffer.concat([header, jpeg.subarray(scanStart)]).equals(replaceJpegMetadata(jpeg, segment(0xe1, 'Exif\0\0new'))!)).toBe(true);
      expect(rewrittenJpegHeader(jpeg.subarray(0, 30), null)).toBeNull();
    });

    it('refuses what is not a JPEG it can parse, rather than guess', () => {
      expect(replaceJpegMetadata(Buffer.from('not a jpeg'), null)).toBeNull();
      expect(replaceJpegMetadata(jpeg.subarray(0, 20), null)).toBeNull();
    });
  });
});

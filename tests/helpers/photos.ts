import zlib from 'zlib';
import sharp from 'sharp';
import exifReader from 'exif-reader';

/**
 * Fixed photo fixtures for the ingest and delivery suites: deterministic pixels, chosen EXIF.
 */
export interface PhotoOptions {
  width?: number;
  height?: number;
  seed?: number;
  /** EXIF DateTimeOriginal, "YYYY:MM:DD HH:MM:SS". */
  takenAt?: string;
  gps?: boolean;
  /** EXIF orientation tag (6 = the camera was turned: stored landscape, shown portrait). */
  orientation?: number;
}

export async function photo({ width = 640, height = 480, seed = 1, takenAt, gps, orientation }: PhotoOptions = {}): Promise<Buffer> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},60%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 90) % 360},50%,30%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width / 3}" cy="${height / 2}" r="${height / 4}" fill="hsl(${(hue + 180) % 360},70%,50%)"/>
    <rect x="${width / 2}" y="${height / 5}" width="${width / 4}" height="${height / 3}" fill="#222"/>
  </svg>`;
  let image = sharp(Buffer.from(svg));
  if (orientation) image = image.withMetadata({ orientation });
  const ifd0: Record<string, string> = { Make: 'FixtureCam', Model: 'FC-1' };
  const ifd2: Record<string, string> = { BodySerialNumber: 'SERIAL-0042', ...(takenAt ? { DateTimeOriginal: takenAt } : {}) };
  const ifd3: Record<string, string> = gps ? { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2957/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' } : {};
  image = image.withExif({ IFD0: ifd0, IFD2: ifd2, ...(gps ? { IFD3: ifd3 } : {}) });
  return image.jpeg({ quality: 85 }).toBuffer();
}

/** A valid PNG header and IHDR claiming 30000×30000 pixels, with no pixel data worth the name. */
export async function pixelBomb(): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ffffff' } }).png().toBuffer());
  png.writeUInt32BE(30000, 16);
  png.writeUInt32BE(30000, 20);
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)) >>> 0, 29);
  return png;
}

/** The first half of a real JPEG: the header parses, the pixels end early. */
export async function truncatedJpeg(): Promise<Buffer> {
  const full = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#336699', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return full.subarray(0, Math.floor(full.length / 2));
}

export const SVG_IMAGE = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><circle cx="100" cy="100" r="80" fill="red"/></svg>');
export const TEXT_FILE = Buffer.from('This is a plain text file pretending to be a photo.\n');

/** What a delivered file says about itself: size, orientation, and the EXIF groups still present. */
export async function inspectDelivered(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  const exif = meta.exif ? exifReader(meta.exif) : null;
  return {
    format: meta.format,
    width: meta.autoOrient?.width ?? meta.width,
    height: meta.autoOrient?.height ?? meta.height,
    rawWidth: meta.width,
    rawHeight: meta.height,
    orientation: meta.orientation ?? 1,
    gps: exif?.GPSInfo ?? null,
    serial: exif?.Photo?.BodySerialNumber ?? null,
  };
}

/**
 * A photo as real cameras write it, with clean previews hidden in every place a watermark never
 * reaches: an EXIF IFD1 thumbnail, a maker note carrying a preview JPEG, an XMP thumbnail, a
 * Photoshop (APP13) thumbnail and an MPF (APP2) preview, plus GPS, a body serial and the
 * descriptive tags a studio may keep. `previews` are the embedded images' bytes, to search for.
 */
export async function cameraPhoto(seed = 77): Promise<{ bytes: Buffer; previews: Buffer[] }> {
  const preview = async (n: number) =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: `hsl(${(seed * 31 + n * 70) % 360},60%,50%)` as any } })
      .jpeg({ quality: 70 })
      .withExif({ IFD0: { ImageDescription: `preview-${seed}-${n}` } })
      .toBuffer();
  const [ifd1Thumb, makerPreview, xmpThumb, psThumb, mpfPreview] = await Promise.all([1, 2, 3, 4, 5].map(preview));
  const base = await sharp(await photo({ seed, width: 800, height: 600, gps: true, takenAt: '2026:05:20 14:05:00' }))
    .withExif({
      IFD0: { Make: 'FixtureCam', Model: 'FC-1', Artist: 'Ann Studio', Copyright: '(c) Ann Studio' },
      IFD2: { DateTimeOriginal: '2026:05:20 14:05:00', ExposureTime: '1/250', FNumber: '28/10', ISOSpeedRatings: '400', FocalLength: '50/1', LensModel: 'FX 50mm', BodySerialNumber: 'SERIAL-0042' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2957/100', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' },
    })
    .withXmp(`<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:xmpGImg="http://ns.adobe.com/xap/1.0/g/img/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:Thumbnails><xmpGImg:image>${xmpThumb.toString('base64')}</xmpGImg:image></xmp:Thumbnails></rdf:Description></rdf:RDF></x:xmpmeta>`)
    .jpeg({ quality: 85 })
    .toBuffer();

  // The EXIF block rebuilt by hand (little-endian TIFF): IFD0 with a maker note inside the Exif
  // sub-IFD, and IFD1 pointing at a thumbnail JPEG, as cameras write them.
  const entries = (list: Array<[number, number, number, number]>) => {
    const out = Buffer.alloc(2 + list.length * 12 + 4);
    out.writeUInt16LE(list.length, 0);
    list.forEach(([tag, type, count, value], i) => {
      out.writeUInt16LE(tag, 2 + i * 12);
      out.writeUInt16LE(type, 4 + i * 12);
      out.writeUInt32LE(count, 6 + i * 12);
      out.writeUInt32LE(value, 10 + i * 12);
    });
    return out;
  };
  const make = Buffer.from('FixtureCam\0');
  const ifd0At = 8;
  const ifd0Size = 2 + 2 * 12 + 4;
  const makeAt = ifd0At + ifd0Size;
  const exifIfdAt = makeAt + make.length;
  const exifIfdSize = 2 + 1 * 12 + 4;
  const makerAt = exifIfdAt + exifIfdSize;
  const ifd1At = makerAt + makerPreview.length;
  const ifd1Size = 2 + 2 * 12 + 4;
  const thumbAt = ifd1At + ifd1Size;
  const ifd0 = entries([
    [0x010f, 2, make.length, makeAt],
    [0x8769, 4, 1, exifIfdAt],
  ]);
  ifd0.writeUInt32LE(ifd1At, ifd0Size - 4);
  const exifIfd = entries([[0x927c, 7, makerPreview.length, makerAt]]);
  const ifd1 = entries([
    [0x0201, 4, 1, thumbAt],
    [0x0202, 4, 1, ifd1Thumb.length],
  ]);
  const tiff = Buffer.concat([Buffer.from('II*\0'), Buffer.from([8, 0, 0, 0]), ifd0, make, exifIfd, makerPreview, ifd1, ifd1Thumb]);
  const segment = (marker: number, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(0xff00 | marker, 0);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  const app1 = segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0'), tiff]));
  const app13 = segment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0'), Buffer.from('8BIM'), Buffer.from([0x04, 0x0c, 0, 0]), psThumb]));
  const app2 = segment(0xe2, Buffer.concat([Buffer.from('MPF\0'), mpfPreview]));
  // After SOI: the hand-made EXIF first (the one readers take), then the rest of the file.
  const bytes = Buffer.concat([base.subarray(0, 2), app1, app13, app2, base.subarray(2)]);
  return { bytes, previews: [ifd1Thumb, makerPreview, xmpThumb, psThumb, mpfPreview] };
}

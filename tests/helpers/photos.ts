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

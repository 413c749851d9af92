/**
 * What "keep metadata" keeps in a delivered file (docs/metadata.md): descriptive tags only, and
 * never an embedded image. Cameras hide clean previews in places a watermark never reaches: the
 * EXIF thumbnail (IFD1), maker notes, XMP and Photoshop thumbnails, MPF preview images. So a
 * delivered file's EXIF is rebuilt from an allow-list instead of copied, and a JPEG delivered
 * byte for byte has every metadata segment replaced by that rebuilt one.
 *
 * Pure functions over parsed EXIF (exif-reader's shape) and JPEG bytes.
 */

/** sharp's `withExif` input: IFD0 (image), IFD2 (Exif sub-IFD), IFD3 (GPS); values are libvips strings. */
export interface ExifTags {
  IFD0?: Record<string, string>;
  IFD2?: Record<string, string>;
  IFD3?: Record<string, string>;
}

/** Who made the photo, with what, and when: kept. */
export const KEPT_IMAGE_TAGS = ['Make', 'Model', 'Artist', 'Copyright'] as const;
export const KEPT_PHOTO_TAGS = [
  'DateTimeOriginal',
  'DateTimeDigitized',
  'OffsetTimeOriginal',
  'ExposureTime',
  'FNumber',
  'ExposureProgram',
  'ISOSpeedRatings',
  'ExposureBiasValue',
  'MeteringMode',
  'Flash',
  'FocalLength',
  'FocalLengthIn35mmFilm',
  'WhiteBalance',
  'LensMake',
  'LensModel',
] as const;
/** Where it was taken, and which physical camera and lens: never delivered (a client's home, a traceable body). */
export const NEVER_KEPT = ['GPSInfo', 'BodySerialNumber', 'LensSerialNumber', 'CameraOwnerName', 'MakerNote', 'UserComment', 'thumbnail (IFD1)'] as const;

export interface ParsedExif {
  Image?: Record<string, unknown>;
  Photo?: Record<string, unknown>;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A number as the rational libvips reads: "1/250" for short exposures, else thousandths. */
export function rational(value: number): string {
  if (!Number.isFinite(value)) return '0/1';
  if (value > 0 && value < 1) {
    const inverse = Math.round(1 / value);
    if (Math.abs(1 / inverse - value) < value * 0.01) return `1/${inverse}`;
  }
  const scaled = Math.round(value * 1000);
  return scaled % 1000 === 0 ? `${scaled / 1000}/1` : `${scaled}/1000`;
}

function exifDate(value: unknown): string | null {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return null;
  return `${value.getUTCFullYear()}:${pad(value.getUTCMonth() + 1)}:${pad(value.getUTCDate())} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`;
}

const RATIONAL_TAGS = new Set(['ExposureTime', 'FNumber', 'FocalLength', 'ExposureBiasValue']);

function tagValue(tag: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return exifDate(value);
  if (typeof value === 'string') return value.replace(/\0+$/, '').slice(0, 200) || null;
  if (typeof value === 'number') return RATIONAL_TAGS.has(tag) ? rational(value) : String(Math.round(value));
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return RATIONAL_TAGS.has(tag) ? value.map(rational).join(' ') : value.join(' ');
  return null; // buffers and anything odd are dropped, not guessed at
}

/**
 * The EXIF a delivered file carries when its link keeps metadata. `orientation` is written only
 * for files whose pixels were not re-oriented (a byte-for-byte JPEG); rendered files are upright.
 */
export function keptExif(parsed: ParsedExif | null | undefined, options: { orientation?: number } = {}): ExifTags {
  const IFD0: Record<string, string> = {};
  const IFD2: Record<string, string> = {};
  for (const tag of KEPT_IMAGE_TAGS) {
    const value = tagValue(tag, parsed?.Image?.[tag]);
    if (value !== null) IFD0[tag] = value;
  }
  if (options.orientation && options.orientation >= 1 && options.orientation <= 8) IFD0.Orientation = String(options.orientation);
  for (const tag of KEPT_PHOTO_TAGS) {
    const value = tagValue(tag, parsed?.Photo?.[tag]);
    if (value !== null) IFD2[tag] = value;
  }
  const tags: ExifTags = {};
  if (Object.keys(IFD0).length > 0) tags.IFD0 = IFD0;
  if (Object.keys(IFD2).length > 0) tags.IFD2 = IFD2;
  return tags;
}

/** One marker segment of a JPEG, before its entropy-coded data. */
export interface JpegSegment {
  marker: number;
  start: number;
  end: number;
}

/** The marker segments between SOI and SOS; null when the bytes are not a well-formed JPEG header. */
export function jpegSegments(jpeg: Buffer): { segments: JpegSegment[]; scanStart: number } | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  const segments: JpegSegment[] = [];
  let offset = 2;
  while (offset + 4 <= jpeg.length) {
    if (jpeg[offset] !== 0xff) return null;
    const marker = jpeg[offset + 1];
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xda) return { segments, scanStart: offset };
    const length = jpeg.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > jpeg.length) return null;
    segments.push({ marker, start: offset, end: offset + 2 + length });
    offset += 2 + length;
  }
  return null;
}

const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;

/** Segments that carry no picture and no personal data: JFIF, the ICC colour profile, Adobe's colour transform, and the coding tables. */
function isKept(jpeg: Buffer, segment: JpegSegment): boolean {
  const { marker, start } = segment;
  if (marker < 0xe0 || marker > 0xef) return marker !== 0xfe; // coding segments stay; comments (COM) go
  if (marker === APP0 || marker === APP14) return true;
  if (marker === APP2) return jpeg.subarray(start + 4, start + 16).toString('latin1') === 'ICC_PROFILE\0';
  return false; // APP1 (EXIF, XMP), APP2 MPF (preview images), APP13 (Photoshop thumbnails) and the rest
}

/**
 * The same JPEG, pixels untouched, with every metadata segment removed and `exifSegment` (a
 * complete APP1 EXIF segment, e.g. taken from a tiny image made with the kept tags) put in their
 * place. Null when the bytes are not a JPEG this can rewrite safely.
 */
export function replaceJpegMetadata(jpeg: Buffer, exifSegment: Buffer | null): Buffer | null {
  const parsed = jpegSegments(jpeg);
  if (!parsed) return null;
  const kept = parsed.segments.filter((segment) => isKept(jpeg, segment));
  const app0 = kept.filter((segment) => segment.marker === APP0);
  const rest = kept.filter((segment) => segment.marker !== APP0);
  const parts: Buffer[] = [jpeg.subarray(0, 2)];
  for (const segment of app0) parts.push(jpeg.subarray(segment.start, segment.end));
  if (exifSegment) parts.push(exifSegment);
  for (const segment of rest) parts.push(jpeg.subarray(segment.start, segment.end));
  parts.push(jpeg.subarray(parsed.scanStart));
  return Buffer.concat(parts);
}

/**
 * The new header of a JPEG whose metadata is replaced, from a prefix of its bytes that reaches
 * its first scan: `header` is everything up to the scan (SOI, kept segments, the new EXIF), and
 * `scanStart` where the original's own scan begins. The file is then header + original[scanStart…],
 * streamed: a large original is never held in memory. Null when the prefix does not reach a scan.
 */
export function rewrittenJpegHeader(prefix: Buffer, exifSegment: Buffer | null): { header: Buffer; scanStart: number } | null {
  const parsed = jpegSegments(prefix);
  if (!parsed) return null;
  // Up to and including the SOS marker and its length (what jpegSegments needs to see the scan begin).
  const upToScan = prefix.subarray(0, parsed.scanStart + 4);
  const rebuilt = replaceJpegMetadata(upToScan, exifSegment);
  if (!rebuilt) return null;
  return { header: rebuilt.subarray(0, rebuilt.length - 4), scanStart: parsed.scanStart };
}

/** The APP1 EXIF segment of a JPEG, whole (marker and length included), or null. */
export function exifSegmentOf(jpeg: Buffer): Buffer | null {
  const parsed = jpegSegments(jpeg);
  const segment = parsed?.segments.find((s) => s.marker === APP1 && jpeg.subarray(s.start + 4, s.start + 10).toString('latin1') === 'Exif\0\0');
  return segment ? Buffer.from(jpeg.subarray(segment.start, segment.end)) : null;
}

/** Every APP marker (and COM) a JPEG carries, with its identifier: what a test checks a delivered file for. */
export function metadataSegmentsOf(jpeg: Buffer): string[] {
  const parsed = jpegSegments(jpeg);
  if (!parsed) return [];
  return parsed.segments
    .filter((s) => (s.marker >= 0xe0 && s.marker <= 0xef) || s.marker === 0xfe)
    .map((s) => `APP${s.marker === 0xfe ? 'COM' : s.marker - 0xe0}:${jpeg.subarray(s.start + 4, Math.min(s.end, s.start + 16)).toString('latin1').split('\0')[0]}`);
}

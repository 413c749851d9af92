import exifReader from 'exif-reader';

/** Checks on an incoming photo that need no decoding: pure, so they are tested as tables. */

export const ACCEPTED_FORMATS: Record<string, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: '.jpg' },
  png: { mime: 'image/png', ext: '.png' },
  webp: { mime: 'image/webp', ext: '.webp' },
  tiff: { mime: 'image/tiff', ext: '.tif' },
  heif: { mime: 'image/heif', ext: '.heic' },
};

/**
 * Why a client-supplied file name is unacceptable, or null. Path separators and ".." are refused
 * outright rather than stripped: a name like "../../x.jpg" is a probe, not a photo.
 */
export function fileNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.trim().length === 0) return 'has no file name';
  if (name.length > 255) return 'has a file name longer than 255 characters';
  if (/[/\\]/.test(name) || name.includes('..')) {
    return 'has a file name with a path in it';
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f<>:"|?*]/.test(name)) return 'has a file name with reserved characters';
  return null;
}

/**
 * When the photo was taken: EXIF DateTimeOriginal (camera local time, read as UTC because EXIF
 * carries no zone unless OffsetTimeOriginal is set), else null so the caller uses upload time.
 */
export function takenAtFromExif(exif: Buffer | undefined): Date | null {
  if (!exif || exif.length === 0) return null;
  try {
    const tags = exifReader(exif);
    const original = tags.Photo?.DateTimeOriginal ?? tags.Photo?.DateTimeDigitized;
    if (!(original instanceof Date) || Number.isNaN(original.getTime())) return null;
    const offset = tags.Photo?.OffsetTimeOriginal;
    if (typeof offset === 'string') {
      const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
      if (match) {
        const minutes = (Number(match[2]) * 60 + Number(match[3])) * (match[1] === '+' ? 1 : -1);
        return new Date(original.getTime() - minutes * 60_000);
      }
    }
    // Years before 1900 or in the future are camera clock garbage.
    const year = original.getUTCFullYear();
    return year < 1900 || original.getTime() > Date.now() + 86_400_000 ? null : original;
  } catch {
    return null;
  }
}

/** Width and height as displayed: EXIF orientations 5–8 swap the axes. */
export function orientedSize(width: number, height: number, orientation: number | undefined): { width: number; height: number } {
  return orientation && orientation >= 5 && orientation <= 8 ? { width: height, height: width } : { width, height };
}

import fs from 'fs';
import { Readable } from 'stream';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { exifSegmentOf, keptExif, rewrittenJpegHeader, type ParsedExif } from './photo-metadata';

/**
 * Metadata for delivered files (docs/metadata.md): a source's EXIF parsed, an allow-listed EXIF
 * segment built from nothing, and a JPEG original delivered byte for byte with only its metadata
 * segments replaced (read only up to its first scan, then streamed).
 */
/** The source's EXIF, parsed; null when it has none or it cannot be read (then nothing is kept). */
export function readExif(exif: Buffer | undefined): ParsedExif | null {
  if (!exif) return null;
  try {
    return exifReader(exif) as ParsedExif;
  } catch {
    return null;
  }
}

/** A JPEG original with its metadata segments replaced by the allow-listed EXIF (orientation kept: the pixels are not turned). */
export async function losslessOriginal(
  input: string,
  parsed: Parameters<typeof keptExif>[0],
  orientation: number | undefined,
): Promise<{ open: () => Readable; size: number } | null> {
  const exifSegment = await exifSegmentFor(keptExif(parsed, { orientation }));
  const { size } = await fs.promises.stat(input);
  // Read only as far as the first scan (metadata can hold megabytes of previews, never more than 32 MB here).
  const handle = await fs.promises.open(input, 'r');
  let rewritten: ReturnType<typeof rewrittenJpegHeader> = null;
  try {
    const limit = Math.min(size, 32 * 1024 * 1024);
    for (let length = Math.min(64 * 1024, limit); !rewritten; length = Math.min(length * 4, limit)) {
      const prefix = Buffer.alloc(length);
      await handle.read(prefix, 0, length, 0);
      rewritten = rewrittenJpegHeader(prefix, exifSegment);
      if (length === limit) break;
    }
  } finally {
    await handle.close();
  }
  if (!rewritten) return null;
  const { header, scanStart } = rewritten;
  return {
    size: header.length + (size - scanStart),
    open: () =>
      Readable.from(
        (async function* body() {
          yield header;
          yield* fs.createReadStream(input, { start: scanStart });
        })(),
      ),
  };
}

/** An APP1 EXIF segment holding exactly `tags`, made on a blank 1×1 image (nothing else to copy from). */
export async function exifSegmentFor(tags: ReturnType<typeof keptExif>): Promise<Buffer | null> {
  if (!tags.IFD0 && !tags.IFD2) return null;
  const carrier = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#ffffff' } })
    .jpeg()
    .withExif(tags)
    .toBuffer();
  return exifSegmentOf(carrier);
}

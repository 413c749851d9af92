import { once } from 'events';
import fs from 'fs';
import type { Writable } from 'stream';
import { crc32Of } from './crc32';
import { createNameDeduper } from './file-names';
import { zipRecords } from './zip-layout';

export interface MeasuredZipSource {
  /** A safe file name; duplicates are numbered here. */
  name: string;
  /** Stamped on the entry, for the extracted file's date. */
  modified: Date;
  /**
   * A file on this machine holding the entry's bytes, and what to do once they were sent:
   * storage.sourceFile gives the stored file itself on a local disk, elsewhere a temp copy that
   * cleanup removes. Asked for only when the archive reaches this entry.
   */
  file(): Promise<{ filepath: string; cleanup: () => Promise<void> }>;
}

/**
 * Stream a store-mode ZIP of `sources` into `output` when their sizes and CRC-32s are not known
 * in advance (an original, unlike a package's variants, has none recorded). The records are
 * lib/zip-layout.ts's, laid out entry by entry: each file is read once to measure it, then its
 * exact local header is written and the file read again behind it. So the archive is the one
 * layoutZip gives for the same entries, and no data descriptors are needed.
 *
 * - One source at a time: the next file is asked for only after the previous one was sent and
 *   cleaned up, so an archive of any size holds one file (at most one temp copy) and flat memory.
 * - Backpressure flows from `output` to the file being sent.
 * - A file that shrank between its two reads cuts the archive off; a header never lies.
 * - On a source or output failure (or the receiver going away) `output` is destroyed and the
 *   promise rejects; every file obtained is cleaned up either way.
 */
export async function writeMeasuredZip(
  sources: Iterable<MeasuredZipSource> | AsyncIterable<MeasuredZipSource>,
  output: Writable,
): Promise<{ entries: number; bytes: number }> {
  const records = zipRecords();
  const dedupe = createNameDeduper();

  // The output failing or closing early ends everything, including a wait for 'drain'.
  let failure: Error | null = null;
  let signalFailure: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (signalFailure = reject));
  failed.catch(() => undefined);
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    signalFailure(error);
  };
  output.on('error', fail);
  output.on('close', () => {
    if (!output.writableFinished) fail(new Error('The receiver went away before the archive was complete'));
  });

  const write = async (data: Buffer) => {
    if (failure) throw failure;
    if (!output.write(data)) await Promise.race([once(output, 'drain'), failed]);
  };

  const measure = async (filepath: string) => {
    let crc32 = 0;
    let size = 0;
    for await (const chunk of fs.createReadStream(filepath, { highWaterMark: 256 * 1024 })) {
      if (failure) throw failure;
      crc32 = crc32Of(chunk as Buffer, crc32);
      size += (chunk as Buffer).length;
    }
    return { crc32, size };
  };

  const send = async (filepath: string, size: number) => {
    if (size === 0) return;
    const source = fs.createReadStream(filepath, { start: 0, end: size - 1, highWaterMark: 256 * 1024 });
    let sent = 0;
    try {
      await Promise.race([
        new Promise<void>((resolve, reject) => {
          source.once('end', resolve).once('error', reject);
          source.on('data', (chunk: string | Buffer) => (sent += chunk.length));
          source.pipe(output, { end: false });
        }),
        failed,
      ]);
    } finally {
      source.unpipe(output);
      source.destroy();
    }
    if (sent !== size) throw new Error(`${filepath}: measured ${size} bytes, read ${sent} behind its header`);
  };

  let count = 0;
  try {
    for await (const entry of sources) {
      if (failure) throw failure;
      const file = await entry.file();
      try {
        const { crc32, size } = await measure(file.filepath);
        await write(records.entry({ name: dedupe(entry.name), size, crc32 }, entry.modified));
        await send(file.filepath, size);
      } finally {
        await file.cleanup();
      }
      count += 1;
    }
    await write(records.end().data);
    const finished = once(output, 'finish');
    output.end();
    await Promise.race([finished, failed]);
    return { entries: count, bytes: records.offset };
  } catch (error) {
    if (!output.destroyed) output.destroy(error as Error);
    throw error;
  }
}

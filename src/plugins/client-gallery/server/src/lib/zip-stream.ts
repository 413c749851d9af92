import archiver from 'archiver';
import { once } from 'events';
import type { Readable, Writable } from 'stream';
import { createNameDeduper } from './file-names';
import { useNativeCrc32 } from './native-crc32';

useNativeCrc32();

export interface ZipEntrySource {
  /** A safe file name; duplicates are numbered here. */
  name: string;
  date?: Date;
  /** Opened only when the archive is ready for this entry: one source is open at a time. */
  open(): Promise<Readable>;
}

/**
 * Stream a store-mode (no compression: JPEGs do not shrink) ZIP of `entries` into `output`.
 *
 * - Sources are opened one at a time, each after the previous one was fully consumed, so an
 *   archive of any size holds one storage stream (one S3 socket) and flat memory.
 * - Backpressure flows from `output` through archiver to the open source.
 * - ZIP64 records are written by archiver when the archive passes 4 GB or 65,535 entries.
 * - On a source or output failure the archive is aborted and the promise rejects; the caller
 *   decides what that means (nothing is committed by this function).
 */
export async function writeZip(entries: Iterable<ZipEntrySource> | AsyncIterable<ZipEntrySource>, output: Writable): Promise<{ entries: number; bytes: number }> {
  const archive = archiver('zip', { store: true });
  const dedupe = createNameDeduper();

  // The first failure anywhere (a source, archiver, the output, the client going away) ends it all.
  let failure: Error | null = null;
  let signalFailure: (error: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (signalFailure = reject));
  failed.catch(() => undefined);
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    signalFailure(error);
  };
  archive.on('error', fail);
  archive.on('warning', fail);
  output.on('error', fail);
  output.on('close', () => {
    if (!output.writableFinished) fail(new Error('The receiver went away before the archive was complete'));
  });
  archive.pipe(output);

  let count = 0;
  try {
    for await (const entry of entries) {
      if (failure) throw failure;
      const source = await entry.open();
      source.once('error', fail);
      const processed = once(archive, 'entry');
      archive.append(source, { name: dedupe(entry.name), date: entry.date ?? new Date(0), store: true });
      try {
        // Wait until archiver has consumed this source before opening the next one.
        await Promise.race([processed, failed]);
      } finally {
        if (failure) source.destroy();
      }
      count += 1;
    }
    const finished = once(output, 'finish');
    await Promise.race([archive.finalize(), failed]);
    await Promise.race([finished, failed]);
    return { entries: count, bytes: archive.pointer() };
  } catch (error) {
    archive.abort();
    if (!output.destroyed) output.destroy(error as Error);
    throw error;
  }
}

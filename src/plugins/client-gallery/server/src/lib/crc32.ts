import { PassThrough, type Readable } from 'stream';
import zlib from 'zlib';

/** CRC-32 of a buffer, as an unsigned 32-bit number (Node 20's native zlib.crc32). */
export const crc32Of = (data: Uint8Array, running = 0): number =>
  (zlib as unknown as { crc32(data: Uint8Array, value?: number): number }).crc32(data, running) >>> 0;

/** A pass-through of `source` that totals its bytes and their CRC-32. */
export function measuring(source: Readable) {
  let crc = 0;
  let size = 0;
  const stream = new PassThrough({
    transform(chunk: Buffer, _encoding, done) {
      crc = crc32Of(chunk, crc);
      size += chunk.length;
      done(null, chunk);
    },
  });
  source.once('error', (error) => stream.destroy(error));
  source.pipe(stream);
  return { stream, result: () => ({ crc32: crc, size }) };
}

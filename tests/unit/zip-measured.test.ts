import fs from 'fs';
import os from 'os';
import path from 'path';
import { PassThrough, Writable } from 'stream';
import zlib from 'zlib';
import { acceptedByEveryTool, withArchive } from '../helpers/zip-tools';
import { dosDateTime, layoutZip, type ZipLayout } from '../../src/plugins/client-gallery/server/src/lib/zip-layout';
import { writeMeasuredZip, type MeasuredZipSource } from '../../src/plugins/client-gallery/server/src/lib/zip-measured';

/**
 * The staff zip's writer: files whose sizes and CRC-32s nobody recorded, measured one at a time
 * and written in the frozen layout's records, so the archive is the one layoutZip gives.
 */
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-measured-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const MODIFIED = new Date('2026-05-20T14:31:08Z');
const crc32 = (data: Buffer) => (zlib as unknown as { crc32(data: Buffer): number }).crc32(data) >>> 0;

/** Fixed pseudo-random bytes, so a failure repeats. */
const bytesFor = (seed: number, size: number) => {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
};

let written = 0;
/** A file holding `data`; `log` records when it is asked for and cleaned up. */
const source = (name: string, data: Buffer, log: string[] = [], modified = MODIFIED): MeasuredZipSource => {
  const filepath = path.join(work, `source-${(written += 1)}`);
  fs.writeFileSync(filepath, data);
  return {
    name,
    modified,
    async file() {
      log.push(`open ${name}`);
      return { filepath, cleanup: async () => void log.push(`cleanup ${name}`) };
    },
  };
};

/** Everything written to a stream, once it finished. */
const collector = () => {
  const chunks: Buffer[] = [];
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { output, bytes: () => Buffer.concat(chunks) };
};

/** The whole archive of a layout, its entries' bytes in place. */
function bytesOf(layout: ZipLayout, contents: Buffer[]): Buffer {
  return Buffer.concat(layout.parts.map((part) => (part.kind === 'bytes' ? part.data : contents[part.index])));
}

describe('zip-measured', () => {
  it("gives exactly layoutZip's bytes for the same files, with names deduplicated case-insensitively", async () => {
    const files: Array<[string, Buffer]> = [
      ['a.jpg', bytesFor(1, 300_000)],
      ['a.jpg', bytesFor(2, 1)],
      ['A.jpg', bytesFor(3, 70_000)],
      ['empty.jpg', Buffer.alloc(0)],
      ['写真 02.jpg', bytesFor(4, 5000)],
    ];
    const { output, bytes } = collector();
    const result = await writeMeasuredZip(
      files.map(([name, data]) => source(name, data)),
      output,
    );
    const names = ['a.jpg', 'a (2).jpg', 'A (3).jpg', 'empty.jpg', '写真 02.jpg'];
    const expected = bytesOf(
      layoutZip(
        files.map(([, data], i) => ({ name: names[i], size: data.length, crc32: crc32(data) })),
        MODIFIED,
      ),
      files.map(([, data]) => data),
    );
    expect(bytes().equals(expected)).toBe(true);
    expect(result).toEqual({ entries: 5, bytes: expected.length });
    withArchive(bytes(), (file) => acceptedByEveryTool(file, files.map(([, data], i) => [names[i], data])));
  });

  it('stamps each entry with its own time', async () => {
    const taken = [new Date('2019-03-04T05:06:08Z'), new Date('2024-11-12T13:14:16Z')];
    const { output, bytes } = collector();
    await writeMeasuredZip([source('one.jpg', bytesFor(5, 10), [], taken[0]), source('two.jpg', bytesFor(6, 10), [], taken[1])], output);
    const zip = bytes();
    const second = 30 + 'one.jpg'.length + 10;
    const stamp = (at: number) => ({ time: zip.readUInt16LE(at + 10), date: zip.readUInt16LE(at + 12) });
    expect([stamp(0), stamp(second)]).toEqual([dosDateTime(taken[0]), dosDateTime(taken[1])]);
  });

  it('asks for one file at a time, each after the previous one was sent and cleaned up', async () => {
    const log: string[] = [];
    const { output } = collector();
    await writeMeasuredZip(
      ['x.jpg', 'y.jpg', 'z.jpg'].map((name, i) => source(name, bytesFor(i, 50_000), log)),
      output,
    );
    expect(log).toEqual(['open x.jpg', 'cleanup x.jpg', 'open y.jpg', 'cleanup y.jpg', 'open z.jpg', 'cleanup z.jpg']);
  });

  it('aborts cleanly when a source fails midway, cleans up what it opened, and opens nothing after it', async () => {
    const log: string[] = [];
    const failing: MeasuredZipSource = {
      name: 'broken.jpg',
      modified: MODIFIED,
      async file() {
        log.push('open broken.jpg');
        throw new Error('storage read failed');
      },
    };
    const output = new PassThrough();
    output.resume();
    await expect(writeMeasuredZip([source('ok.jpg', bytesFor(8, 1000), log), failing, source('never.jpg', bytesFor(7, 10), log)], output)).rejects.toThrow(
      'storage read failed',
    );
    expect(log).toEqual(['open ok.jpg', 'cleanup ok.jpg', 'open broken.jpg']);
    expect(output.destroyed).toBe(true);
  });

  it('cuts the archive off when a file shrinks between its measuring and its sending', async () => {
    const log: string[] = [];
    const shrinking = source('shrinking.jpg', bytesFor(9, 200_000), log);
    const createReadStream = fs.createReadStream;
    let reads = 0;
    const spy = jest.spyOn(fs, 'createReadStream').mockImplementation(((filepath: string, options: unknown) => {
      reads += 1;
      // The second read is the one behind the header.
      if (reads === 2) fs.truncateSync(filepath, 1000);
      return createReadStream(filepath, options as never);
    }) as typeof fs.createReadStream);
    const output = new PassThrough();
    output.resume();
    try {
      await expect(writeMeasuredZip([shrinking], output)).rejects.toThrow(/measured 200000 bytes, read 1000/);
    } finally {
      spy.mockRestore();
    }
    expect(output.destroyed).toBe(true);
    expect(log).toEqual(['open shrinking.jpg', 'cleanup shrinking.jpg']);
  });

  it('stops when the receiver goes away, and cleans up the file it was sending', async () => {
    const log: string[] = [];
    const output = new PassThrough();
    output.once('data', () => output.destroy());
    const many = Array.from({ length: 50 }, (_, i) => source(`${i}.jpg`, bytesFor(i, 200_000), log));
    await expect(writeMeasuredZip(many, output)).rejects.toThrow();
    expect(log.length).toBeLessThan(100);
    expect(log.filter((line) => line.startsWith('open')).length).toBe(log.filter((line) => line.startsWith('cleanup')).length);
  });

  it('switches to ZIP64 past 65,535 entries, as layoutZip does, and every tool accepts it', async () => {
    const tiny = Buffer.from('x');
    const one = source('tiny.jpg', tiny);
    const count = 65_540;
    const entries = (function* () {
      for (let i = 0; i < count; i += 1) yield { ...one, name: `${i}.jpg` };
    })();
    const { output, bytes } = collector();
    const result = await writeMeasuredZip(entries, output);
    const layout = layoutZip(
      Array.from({ length: count }, (_, i) => ({ name: `${i}.jpg`, size: 1, crc32: crc32(tiny) })),
      MODIFIED,
    );
    expect([result.entries, layout.zip64]).toEqual([count, true]);
    expect(bytes().equals(bytesOf(layout, Array(count).fill(tiny)))).toBe(true);
    withArchive(bytes(), (file) => expect(acceptedByEveryTool(file, 'count')).toBe(count));
  }, 180_000);
});

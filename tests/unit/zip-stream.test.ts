import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { PassThrough, Readable } from 'stream';
import { writeZip, type ZipEntrySource } from '../../src/plugins/client-gallery/server/src/lib/zip-stream';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

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

const entry = (name: string, data: Buffer, onOpen?: () => void): ZipEntrySource => ({
  name,
  async open() {
    onOpen?.();
    return Readable.from([data.subarray(0, data.length >> 1), data.subarray(data.length >> 1)]);
  },
});

const unzipTest = (file: string) => execFileSync('unzip', ['-tq', file], { maxBuffer: 64 * 1024 * 1024 }).toString();

describe('zip-stream', () => {
  it('writes a store-mode zip that passes unzip -t, byte for byte, with deduplicated names', async () => {
    const files = [bytesFor(1, 300_000), bytesFor(2, 1), bytesFor(3, 70_000), Buffer.alloc(0)];
    const target = path.join(work, 'a.zip');
    const result = await writeZip(
      [entry('a.jpg', files[0]), entry('a.jpg', files[1]), entry('A.jpg', files[2]), entry('empty.jpg', files[3])],
      fs.createWriteStream(target),
    );
    expect(result.entries).toBe(4);
    expect(unzipTest(target)).toContain('No errors detected');
    const listing = execFileSync('unzip', ['-Z1', target]).toString().trim().split('\n');
    expect(listing).toEqual(['a.jpg', 'a (2).jpg', 'A (3).jpg', 'empty.jpg']);
    listing.forEach((name, i) => expect(execFileSync('unzip', ['-p', target, name]).equals(files[i])).toBe(true));
    // Stored, not deflated: the archive is the data plus headers.
    expect(fs.statSync(target).size).toBeLessThan(files.reduce((n, f) => n + f.length, 0) + 1000);
  });

  it('opens one source at a time', async () => {
    let open = 0;
    let maxOpen = 0;
    const entries: ZipEntrySource[] = Array.from({ length: 20 }, (_, i) => ({
      name: `${i}.jpg`,
      async open() {
        open += 1;
        maxOpen = Math.max(maxOpen, open);
        const stream = Readable.from([bytesFor(i, 50_000)]);
        stream.on('end', () => (open -= 1));
        return stream;
      },
    }));
    await writeZip(entries, fs.createWriteStream(path.join(work, 'b.zip')));
    expect(maxOpen).toBe(1);
  });

  it('aborts cleanly when a source fails midway, and opens nothing after it', async () => {
    const opened: string[] = [];
    const failing: ZipEntrySource = {
      name: 'broken.jpg',
      async open() {
        opened.push('broken.jpg');
        const stream = new PassThrough();
        stream.write(bytesFor(9, 10_000));
        setTimeout(() => stream.destroy(new Error('storage read failed')), 10);
        return stream;
      },
    };
    const output = fs.createWriteStream(path.join(work, 'c.zip'));
    await expect(
      writeZip([entry('ok.jpg', bytesFor(8, 1000), () => opened.push('ok.jpg')), failing, entry('never.jpg', bytesFor(7, 10), () => opened.push('never.jpg'))], output),
    ).rejects.toThrow('storage read failed');
    expect(opened).toEqual(['ok.jpg', 'broken.jpg']);
    expect(output.destroyed).toBe(true);
  });

  it('stops when the receiver goes away', async () => {
    const output = new PassThrough();
    output.on('data', () => output.destroy());
    const many = Array.from({ length: 50 }, (_, i) => entry(`${i}.jpg`, bytesFor(i, 200_000)));
    await expect(writeZip(many, output)).rejects.toThrow();
  });

  it('switches to ZIP64 past 65,535 entries', async () => {
    const target = path.join(work, 'many.zip');
    const tiny = crypto.createHash('sha256').update('x').digest();
    const entries = (function* () {
      for (let i = 0; i < 65_540; i += 1) yield entry(`${i}.jpg`, tiny);
    })();
    const result = await writeZip(entries, fs.createWriteStream(target));
    expect(result.entries).toBe(65_540);
    const out = unzipTest(target);
    expect(out).toContain('No errors detected');
    expect(execFileSync('zipinfo', ['-h', target], { maxBuffer: 1 << 20 }).toString()).toMatch(/65540/);
  }, 120000);
});

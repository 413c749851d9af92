import fs from 'fs';
import zlib from 'zlib';
import { acceptedByEveryTool, withArchive } from '../helpers/zip-tools';
import { dosDateTime, layoutZip, rangePieces, type LayoutEntry, type ZipLayout } from '../../src/plugins/client-gallery/server/src/lib/zip-layout';

/**
 * The frozen store-mode layout: the bytes of the specification's records, archives
 * the usual tools accept (unzip -t, 7-Zip, Python's zipfile) with every entry's bytes intact,
 * and byte ranges that equal the same slice of the whole archive.
 */
const crc32 = (data: Buffer) => (zlib as unknown as { crc32(data: Buffer, value?: number): number }).crc32(data) >>> 0;
const MODIFIED = new Date('2026-05-20T14:31:08Z');

function entriesOf(files: Array<[string, Buffer]>): LayoutEntry[] {
  return files.map(([name, data]) => ({ name, size: data.length, crc32: crc32(data) }));
}

/** The archive's bytes from `start` to `end`, assembled as the server would. */
function bytesOf(layout: ZipLayout, contents: Buffer[], start = 0, end = layout.length - 1): Buffer {
  const pieces: Buffer[] = [];
  for (const piece of rangePieces(layout, start, end)) pieces.push(piece.kind === 'bytes' ? piece.data : contents[piece.index].subarray(piece.start, piece.end + 1));
  return Buffer.concat(pieces);
}

const FILES: Array<[string, Buffer]> = [
  ['Maya & Jon — ceremony 001.jpg', Buffer.from('first photo bytes, not really a JPEG')],
  ['empty.jpg', Buffer.alloc(0)],
  ['写真 02.jpg', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256))],
  ['Émilie/portraits 03.jpg', Buffer.alloc(70_000, 7)],
];

describe('the frozen zip layout', () => {
  describe('records, as the specification writes them', () => {
    const layout = layoutZip(entriesOf([FILES[0]]), MODIFIED);
    const bytes = bytesOf(layout, [FILES[0][1]]);
    const name = Buffer.from(FILES[0][0]);
    const { time, date } = dosDateTime(MODIFIED);
    const central = 30 + name.length + FILES[0][1].length;

    it.each<[string, number, number, number]>([
      ['local header signature', 0, 4, 0x04034b50],
      ['local: version needed 2.0', 4, 2, 20],
      ['local: UTF-8 names (bit 11)', 6, 2, 0x0800],
      ['local: stored', 8, 2, 0],
      ['local: time', 10, 2, time],
      ['local: date', 12, 2, date],
      ['local: CRC-32', 14, 4, crc32(FILES[0][1])],
      ['local: compressed size', 18, 4, FILES[0][1].length],
      ['local: uncompressed size', 22, 4, FILES[0][1].length],
      ['local: name length', 26, 2, name.length],
      ['local: no extra field', 28, 2, 0],
      ['central header signature', central, 4, 0x02014b50],
      ['central: local header offset', central + 42, 4, 0],
      ['end record signature', layout.length - 22, 4, 0x06054b50],
      ['end: entries', layout.length - 22 + 10, 2, 1],
      ['end: central directory offset', layout.length - 22 + 16, 4, central],
    ])('%s', (_field, offset, width, expected) => {
      expect(width === 2 ? bytes.readUInt16LE(offset) : bytes.readUInt32LE(offset)).toBe(expected);
    });

    it('puts the name right after the local header, and the file right after the name', () => {
      expect(bytes.subarray(30, 30 + name.length)).toEqual(name);
      expect(bytes.subarray(30 + name.length, 30 + name.length + FILES[0][1].length)).toEqual(FILES[0][1]);
      expect(layout.length).toBe(bytes.length);
      expect(layout.zip64).toBe(false);
    });

    it('gives the same bytes for the same entries, whenever it is made', () => {
      expect(bytesOf(layoutZip(entriesOf([FILES[0]]), MODIFIED), [FILES[0][1]])).toEqual(bytes);
    });
  });

  it('writes ZIP64 fields exactly where a size or an offset overflows', () => {
    const layout = layoutZip(
      [
        { name: 'huge.jpg', size: 5 * 1024 ** 3, crc32: 1 },
        { name: 'after.jpg', size: 10, crc32: 2 },
      ],
      MODIFIED,
    );
    expect(layout.zip64).toBe(true);
    const first = (layout.parts[0] as { data: Buffer }).data;
    expect(first.readUInt16LE(4)).toBe(45);
    expect([first.readUInt32LE(18), first.readUInt32LE(22)]).toEqual([0xffffffff, 0xffffffff]);
    expect(first.readUInt16LE(30 + 8)).toBe(0x0001); // the ZIP64 extra field
    expect(Number(first.readBigUInt64LE(30 + 8 + 4))).toBe(5 * 1024 ** 3);
    // The second entry is small but starts past 4 GiB: its central record carries only the offset.
    const tail = (layout.parts[layout.parts.length - 1] as { data: Buffer }).data;
    const secondCentral = tail.indexOf(Buffer.from('after.jpg')) - 46;
    expect(tail.readUInt32LE(secondCentral + 42)).toBe(0xffffffff);
    expect(tail.readUInt16LE(secondCentral + 30)).toBe(12); // extra length: header + one 8-byte value
    expect(tail.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true); // ZIP64 end record
    expect(tail.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07]))).toBe(true); // and its locator
  });

  it.each([
    ['one entry', [FILES[0]]],
    ['a zero-byte entry alone', [FILES[1]]],
    ['entries with UTF-8 names, an empty one and a folder', FILES],
  ])('makes an archive every tool accepts, entries intact: %s', (_case, files) => {
    const layout = layoutZip(entriesOf(files), MODIFIED);
    withArchive(bytesOf(layout, files.map(([, data]) => data)), (file) => acceptedByEveryTool(file, files));
  });

  it('makes a ZIP64 archive of 70,000 entries that every tool accepts', () => {
    const files: Array<[string, Buffer]> = Array.from({ length: 70_000 }, (_, i) => [`photo-${String(i + 1).padStart(5, '0')}.jpg`, Buffer.from([i % 256])]);
    const layout = layoutZip(entriesOf(files), MODIFIED);
    expect(layout.zip64).toBe(true);
    withArchive(bytesOf(layout, files.map(([, data]) => data)), (file) => expect(acceptedByEveryTool(file, 'count')).toBe(70_000));
  }, 120_000);

  it('makes a ZIP64 archive past 4 GiB (a sparse file of zeros) that every tool accepts', () => {
    const size = 4 * 1024 ** 3 + 4096;
    const zeros = Buffer.alloc(1024 * 1024);
    let crc = 0;
    for (let done = 0; done < size; done += zeros.length) crc = (zlib as any).crc32(zeros.subarray(0, Math.min(zeros.length, size - done)), crc);
    const entries: LayoutEntry[] = [
      { name: 'before.jpg', size: 3, crc32: crc32(Buffer.from('abc')) },
      { name: 'huge.raw', size, crc32: crc >>> 0 },
      { name: 'after.jpg', size: 3, crc32: crc32(Buffer.from('xyz')) },
    ];
    const contents = [Buffer.from('abc'), null, Buffer.from('xyz')];
    const layout = layoutZip(entries, MODIFIED);
    withArchive(
      (file) => {
        // Headers and small entries are written; the huge entry is left as a hole, which reads as zeros.
        const fd = fs.openSync(file, 'w');
        try {
          for (const part of layout.parts) {
            if (part.kind === 'bytes') fs.writeSync(fd, part.data, 0, part.data.length, part.offset);
            else if (contents[part.index]) fs.writeSync(fd, contents[part.index]!, 0, part.size, part.offset);
          }
          fs.ftruncateSync(fd, layout.length);
        } finally {
          fs.closeSync(fd);
        }
      },
      (file) => {
        expect(fs.statSync(file).size).toBe(layout.length);
        acceptedByEveryTool(file, 'count');
      },
    );
  }, 300_000);

  it('answers 200 seeded random ranges with exactly the same slice of the whole archive', () => {
    const contents = FILES.map(([, data]) => data);
    const layout = layoutZip(entriesOf(FILES), MODIFIED);
    const whole = bytesOf(layout, contents);
    let seed = 20261129;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const start = Math.floor(random() * layout.length);
      const end = Math.min(layout.length - 1, start + Math.floor(random() * (i % 3 === 0 ? 64 : 80_000)));
      expect(bytesOf(layout, contents, start, end).equals(whole.subarray(start, end + 1))).toBe(true);
    }
    // Edges: the first byte, the last byte, a range inside one header, the whole central directory.
    expect(bytesOf(layout, contents, 0, 0)).toEqual(whole.subarray(0, 1));
    expect(bytesOf(layout, contents, layout.length - 1, layout.length - 1)).toEqual(whole.subarray(layout.length - 1));
    expect(() => [...rangePieces(layout, 0, layout.length)]).toThrow(RangeError);
  });
});

/**
 * A store-mode ZIP whose every byte is known before the first is sent, after nginx's
 * mod_zip: given each entry's name, size and CRC-32 in advance, the local headers, the central
 * directory and the end records are computed here, and the archive is those bytes with each
 * file's stored bytes between them. So its exact length and a strong validator follow from the
 * layout, and any byte range can be served: from a header, from inside a file, from the central
 * directory. Pure: no I/O, table-tested against the specification (APPNOTE.TXT 6.3.10) and
 * checked with unzip, 7-Zip and Python's zipfile. It is the plugin's one zip writer: the staff
 * zip of originals, whose sizes and CRCs are learnt only as it is sent, takes the same records
 * entry by entry (zipRecords, lib/zip-measured.ts).
 *
 * - Entries are stored (method 0): JPEGs do not shrink.
 * - Names are UTF-8 with general-purpose bit 11 set, at most 255 bytes (lib/file-names.ts).
 * - "Made by" names Unix, with the mode of a plain rw-r--r-- file: Debian's unzip reads the name
 *   of an entry made by MS-DOS as code page 437 despite bit 11, and writes mojibake (or fails
 *   with "File name too long" on a name whose mojibake passes 255 bytes).
 * - A package stamps one fixed timestamp on every entry, so the same entries always give the same bytes.
 * - ZIP64 extra fields and end records are written exactly where a field overflows.
 */

export interface LayoutEntry {
  /** The name inside the archive: already deduplicated and safe. */
  name: string;
  size: number;
  crc32: number;
}

export type LayoutPart =
  | { kind: 'bytes'; offset: number; data: Buffer }
  | { kind: 'entry'; offset: number; index: number; size: number };

export interface ZipLayout {
  parts: LayoutPart[];
  /** The archive's exact length in bytes. */
  length: number;
  zip64: boolean;
}

const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const UTF8 = 0x0800;
const VERSION_20 = 20;
const VERSION_45 = 45;
/** Host system in the high byte of "version made by" (APPNOTE 4.4.2): 3 = UNIX. */
const MADE_BY_UNIX = 3 << 8;
/** External attributes of a UNIX-made entry: the file mode in the high 16 bits (a regular file, 0644). */
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

/** MS-DOS date and time (two-second resolution, local fields taken in UTC so the bytes do not depend on the server's zone). */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function u16(value: number) {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
}
function u32(value: number) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
}
function u64(value: number) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(value));
  return b;
}

/** A ZIP64 extended information extra field (header 0x0001) holding `values` (8 bytes each). */
function zip64Extra(values: number[]): Buffer {
  if (values.length === 0) return Buffer.alloc(0);
  return Buffer.concat([u16(0x0001), u16(values.length * 8), ...values.map(u64)]);
}

function localHeader(entry: LayoutEntry, name: Buffer, when: { time: number; date: number }): Buffer {
  const big = entry.size >= MAX32;
  const extra = big ? zip64Extra([entry.size, entry.size]) : Buffer.alloc(0);
  return Buffer.concat([
    u32(0x04034b50),
    u16(big ? VERSION_45 : VERSION_20),
    u16(UTF8),
    u16(0), // stored
    u16(when.time),
    u16(when.date),
    u32(entry.crc32),
    u32(big ? MAX32 : entry.size),
    u32(big ? MAX32 : entry.size),
    u16(name.length),
    u16(extra.length),
    name,
    extra,
  ]);
}

function centralHeader(entry: LayoutEntry, name: Buffer, when: { time: number; date: number }, localOffset: number): Buffer {
  const bigSize = entry.size >= MAX32;
  const bigOffset = localOffset >= MAX32;
  // In the order the specification fixes: uncompressed size, compressed size, local header offset.
  const extra = zip64Extra([...(bigSize ? [entry.size, entry.size] : []), ...(bigOffset ? [localOffset] : [])]);
  const version = bigSize || bigOffset ? VERSION_45 : VERSION_20;
  return Buffer.concat([
    u32(0x02014b50),
    u16(MADE_BY_UNIX | version),
    u16(version),
    u16(UTF8),
    u16(0),
    u16(when.time),
    u16(when.date),
    u32(entry.crc32),
    u32(bigSize ? MAX32 : entry.size),
    u32(bigSize ? MAX32 : entry.size),
    u16(name.length),
    u16(extra.length),
    u16(0), // comment
    u16(0), // disk
    u16(0), // internal attributes
    u32(REGULAR_FILE_0644),
    u32(bigOffset ? MAX32 : localOffset),
    name,
    extra,
  ]);
}

function endRecords(count: number, directoryOffset: number, directorySize: number, zip64: boolean): Buffer {
  const records: Buffer[] = [];
  if (zip64) {
    const zip64EndOffset = directoryOffset + directorySize;
    records.push(
      u32(0x06064b50),
      u64(44), // size of the rest of this record
      u16(VERSION_45),
      u16(VERSION_45),
      u32(0),
      u32(0),
      u64(count),
      u64(count),
      u64(directorySize),
      u64(directoryOffset),
      // The locator.
      u32(0x07064b50),
      u32(0),
      u64(zip64EndOffset),
      u32(1),
    );
  }
  records.push(
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(zip64 && count >= MAX16 ? MAX16 : count),
    u16(zip64 && count >= MAX16 ? MAX16 : count),
    u32(zip64 && directorySize >= MAX32 ? MAX32 : directorySize),
    u32(zip64 && directoryOffset >= MAX32 ? MAX32 : directoryOffset),
    u16(0),
  );
  return Buffer.concat(records);
}

/**
 * The same records laid out one entry at a time, for a writer that learns each entry's size and
 * CRC-32 only just before sending it (lib/zip-measured.ts): the local header of each entry in
 * turn, whose stored bytes must follow it, then the central directory and end records.
 * layoutZip is this over a list known in advance, so both give the same bytes.
 */
export function zipRecords() {
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  let zip64 = false;
  return {
    /** Bytes laid out so far: where the next record starts. */
    get offset() {
      return offset;
    },
    /** The local header of the next entry, stamped `modified`; counts its stored bytes as following it. */
    entry(entry: LayoutEntry, modified: Date): Buffer {
      const index = count;
      if (!Number.isSafeInteger(entry.size) || entry.size < 0) throw new Error(`entry ${index}: bad size ${entry.size}`);
      const name = Buffer.from(entry.name, 'utf8');
      if (name.length === 0 || name.length > MAX16) throw new Error(`entry ${index}: a name must be 1 to 65,535 bytes`);
      const when = dosDateTime(modified);
      const header = localHeader(entry, name, when);
      central.push(centralHeader(entry, name, when, offset));
      if (entry.size >= MAX32 || offset >= MAX32) zip64 = true;
      count += 1;
      offset += header.length + entry.size;
      return header;
    },
    /** The central directory and end records: the archive's last bytes. */
    end(): { data: Buffer; zip64: boolean } {
      const directory = Buffer.concat(central);
      const directoryOffset = offset;
      if (count >= MAX16 || directoryOffset >= MAX32 || directory.length >= MAX32) zip64 = true;
      const data = Buffer.concat([directory, endRecords(count, directoryOffset, directory.length, zip64)]);
      offset += data.length;
      return { data, zip64 };
    },
  };
}

/** The exact layout of a store-mode ZIP of `entries`, each stamped `modified`. */
export function layoutZip(entries: LayoutEntry[], modified: Date): ZipLayout {
  const records = zipRecords();
  const parts: LayoutPart[] = [];
  entries.forEach((entry, index) => {
    const offset = records.offset;
    const header = records.entry(entry, modified);
    parts.push({ kind: 'bytes', offset, data: header });
    if (entry.size > 0) parts.push({ kind: 'entry', offset: offset + header.length, index, size: entry.size });
  });
  const offset = records.offset;
  const end = records.end();
  parts.push({ kind: 'bytes', offset, data: end.data });
  return { parts, length: records.offset, zip64: end.zip64 };
}

/** A piece of a byte range: literal bytes, or a span of one entry's stored bytes. */
export type RangePiece = { kind: 'bytes'; data: Buffer } | { kind: 'entry'; index: number; start: number; end: number };

/**
 * The pieces that make bytes `start`..`end` (inclusive) of the archive, in order. An entry's
 * span is [start, end] within that entry's own bytes: the server opens one source at a time.
 */
export function* rangePieces(layout: ZipLayout, start: number, end: number): Generator<RangePiece> {
  if (start < 0 || end >= layout.length || start > end) throw new RangeError(`bytes ${start}-${end} are outside 0-${layout.length - 1}`);
  // Binary search for the first part that ends after `start`.
  let low = 0;
  let high = layout.parts.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    const part = layout.parts[mid];
    const partEnd = part.offset + (part.kind === 'bytes' ? part.data.length : part.size);
    if (partEnd <= start) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < layout.parts.length; i++) {
    const part = layout.parts[i];
    if (part.offset > end) return;
    const length = part.kind === 'bytes' ? part.data.length : part.size;
    const from = Math.max(start, part.offset) - part.offset;
    const to = Math.min(end, part.offset + length - 1) - part.offset;
    if (to < from) continue;
    if (part.kind === 'bytes') yield { kind: 'bytes', data: part.data.subarray(from, to + 1) };
    else yield { kind: 'entry', index: part.index, start: from, end: to };
  }
}

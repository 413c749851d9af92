/**
 * File names handed to people: inside zips and in Content-Disposition. They must be safe on
 * every desktop OS (no separators, no control or reserved characters, no reserved Windows
 * device names, no trailing dots or spaces), readable, and unique within one archive even on
 * case-insensitive file systems.
 *
 * They must also show what they are: a bidi override (U+202E) turns "photo\u202Egpj.exe" into
 * what reads as "photoexe.jpg", and zero-width characters make two names look alike. So every
 * format character (Unicode category Cf: bidi embeddings, overrides and isolates, zero-width
 * space and joiners, the BOM, the soft hyphen) goes, and every control character (C0, DEL, C1)
 * and line or paragraph separator becomes a space.
 *
 * A name is at most 255 bytes of UTF-8: that is the limit of a path component on ext4, APFS and
 * NTFS (as UTF-16 it is shorter still), so `unzip`, 7-Zip and Python's extractall can write it.
 * It is cut on a code-point boundary and keeps its extension.
 */
const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
/** Bytes of UTF-8 in one name, extension and any " (n)" included. */
export const MAX_NAME_BYTES = 255;

/** Controls (C0, DEL, C1), line and paragraph separators: shown as a space. */
const CONTROLS = /[\p{Cc}\p{Zl}\p{Zp}]/gu;
/** Format characters (bidi controls, zero-width characters, BOM, soft hyphen) and lone surrogates: removed. */
const INVISIBLE = /[\p{Cf}\p{Cs}]/gu;

/** `text` without invisible or control characters (controls become spaces). */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, '').replace(CONTROLS, ' ');
}

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

/** The longest prefix of `text` within `maxBytes` of UTF-8, cut between code points. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** A stem cut to `maxBytes`, with no trailing dot or space left by the cut (Windows drops those). */
const capStem = (stem: string, maxBytes: number) => truncateUtf8(stem, maxBytes).replace(/[.\s]+$/, '');

export function safeFileName(base: string, extension: string): string {
  const ext = extension.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 8) || 'bin';
  let name = visibleText((base ?? '').normalize('NFC'))
    .replace(/\.[a-z][a-z0-9]{0,4}$/i, '') // an extension in the base would be doubled ("10.00" is a time, not one)
    .replace(/[<>:"/\\|?*]+/g, ' ')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s-]+|[.\s]+$/g, '');
  if (!name || RESERVED_WINDOWS.test(name)) name = `photo${name ? `-${name}` : ''}`;
  return `${capStem(name, MAX_NAME_BYTES - utf8Length(`.${ext}`))}.${ext}`;
}

/**
 * Returns a function that makes each name unique: "a.jpg", "a (2).jpg", "A (3).jpg" … Every
 * name it returns is within MAX_NAME_BYTES, the number included: the stem is cut to make room for
 * " (n)", and a cut that collides with a name already given counts on.
 */
export function createNameDeduper() {
  const taken = new Set<string>();
  return (fileName: string): string => {
    const dot = fileName.lastIndexOf('.');
    const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
    const ext = dot > 0 ? fileName.slice(dot) : '';
    const numbered = (suffix: string) => `${capStem(stem, MAX_NAME_BYTES - utf8Length(`${suffix}${ext}`))}${suffix}${ext}`;
    let candidate = numbered('');
    for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = numbered(` (${n})`);
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}

/** Is `name` one this module could have made: visible characters only, within the byte cap? */
export function isCleanFileName(name: string): boolean {
  return name.length > 0 && utf8Length(name) <= MAX_NAME_BYTES && visibleText(name) === name && !/[<>:"/\\|?*]/.test(name);
}

/** RFC 6266 attachment header: an ASCII fallback plus the UTF-8 name, both without invisible characters. */
export function contentDisposition(fileName: string): string {
  const visible = visibleText(fileName).replace(/[\r\n]/g, ' ');
  const ascii = visible.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(visible)}`;
}

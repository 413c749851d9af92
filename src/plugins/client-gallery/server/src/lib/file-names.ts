/**
 * File names handed to people: inside zips and in Content-Disposition. They must be safe on
 * every desktop OS (no separators, no control or reserved characters, no reserved Windows
 * device names, no trailing dots or spaces), readable, and unique within one archive even on
 * case-insensitive file systems.
 */
const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
const MAX_BASE_LENGTH = 100;

export function safeFileName(base: string, extension: string): string {
  const ext = extension.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 8) || 'bin';
  let name = (base ?? '')
    .normalize('NFC')
    .replace(/\.[a-z][a-z0-9]{0,4}$/i, '') // an extension in the base would be doubled ("10.00" is a time, not one)
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, ' ')
    .replace(/\.{2,}/g, '.')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s-]+|[.\s]+$/g, '');
  if (Array.from(name).length > MAX_BASE_LENGTH) name = Array.from(name).slice(0, MAX_BASE_LENGTH).join('').trim();
  if (!name || RESERVED_WINDOWS.test(name)) name = `photo${name ? `-${name}` : ''}`;
  return `${name}.${ext}`;
}

/** Returns a function that makes each name unique: "a.jpg", "a (2).jpg", "A (3).jpg" … */
export function createNameDeduper() {
  const taken = new Set<string>();
  return (fileName: string): string => {
    const dot = fileName.lastIndexOf('.');
    const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
    const ext = dot > 0 ? fileName.slice(dot) : '';
    let candidate = fileName;
    for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${stem} (${n})${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}

/** RFC 6266 attachment header: an ASCII fallback plus the UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '') || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

import { etagOf, freezeManifest, frozenStillServes, layoutOf } from '../../src/plugins/client-gallery/server/src/lib/package-manifest';

/** What a prepared package freezes, and when the frozen files may still be served. */
describe('the package manifest', () => {
  const policy = { variant: 'high-abc', watermarked: false, keepMetadata: false };
  const entries = [
    { fileName: 'Vows 2026-05-20 14.00.jpg', size: 1000, crc32: 0xdeadbeef, key: 'derivatives/a/high-abc.jpg' },
    { fileName: 'vows 2026-05-20 14.00.jpg', size: 2000, crc32: 1, key: 'derivatives/b/high-abc.jpg' },
  ];
  const modified = new Date('2026-11-29T10:00:01.500Z');

  it('numbers names that differ only in case, and keeps the time on the two-second DOS grid', () => {
    const manifest = freezeManifest(policy, modified, entries);
    expect(manifest.entries.map(([name]) => name)).toEqual(['Vows 2026-05-20 14.00.jpg', 'vows 2026-05-20 14.00 (2).jpg']);
    expect(manifest.modified).toBe('2026-11-29T10:00:00.000Z');
    const names = manifest.entries.map(([name]) => Buffer.byteLength(name));
    // Per entry a 30-byte local header and a 46-byte central one, each with the name; then the 22-byte end record and the data.
    expect(layoutOf(manifest).length).toBe(names.reduce((sum, n) => sum + 30 + 46 + 2 * n, 0) + 22 + 3000);
  });

  it('gives the same strong ETag for the same bytes, and another one when a size, CRC, name, order or time changes', () => {
    const base = etagOf(freezeManifest(policy, modified, entries));
    expect(etagOf(freezeManifest(policy, modified, entries))).toBe(base);
    expect(etagOf(freezeManifest(policy, modified, [{ ...entries[0], size: 1001 }, entries[1]]))).not.toBe(base);
    expect(etagOf(freezeManifest(policy, modified, [{ ...entries[0], crc32: 5 }, entries[1]]))).not.toBe(base);
    expect(etagOf(freezeManifest(policy, modified, [entries[1], entries[0]]))).not.toBe(base);
    expect(etagOf(freezeManifest(policy, new Date('2026-11-30T10:00:00Z'), entries))).not.toBe(base);
    expect(base).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
  });

  const clean = { variant: 'web-1', watermarked: false, keepMetadata: false };
  const cleanKeeping = { variant: 'web-2', watermarked: false, keepMetadata: true };
  const markedA = { variant: 'web-3', watermarked: true, keepMetadata: false };
  const markedB = { variant: 'web-4', watermarked: true, keepMetadata: false };
  it.each([
    ['the same variant', clean, clean, true],
    // The studio unchecked "Downloaded images have watermarks": the zip minted before ends with it, and is made again clean.
    ['watermarked, the link\'s downloads now clean', markedA, clean, false],
    ['clean, the link now watermarked', clean, markedA, false],
    ['watermarked with another design', markedA, markedB, false],
    ['metadata stripped, the link now keeps it', clean, cleanKeeping, true],
    ['metadata kept, the link now strips it', cleanKeeping, clean, false],
  ])('%s → serves: %s', (_name, frozen, current, serves) => {
    expect(frozenStillServes(frozen, current)).toBe(serves);
  });
});

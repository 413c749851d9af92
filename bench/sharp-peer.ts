import sharp from 'sharp';

/**
 * The machine's own ceiling for two renders at once: the same sources rendered with bare sharp as
 * preparation renders them (decode, auto-orient, a watermark composite, JPEG at the variant's
 * quality; nothing stored, no database), one at a time against two at a time. On a 2-core VM this
 * is below 2× (shared memory bandwidth and caches, libvips' own threads), and it is what the
 * preparation's speed-up is to be read against.
 */
export async function bareSharpSeconds(files: string[], workers: number, quality = 90): Promise<number> {
  const overlay = await sharp(
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="300"><text x="20" y="200" font-size="160" fill="white" fill-opacity="0.3">PROOF</text></svg>'),
  )
    .png()
    .toBuffer();
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < files.length) {
        const file = files[next++];
        await sharp(file, { sequentialRead: true, failOn: 'truncated' })
          .rotate()
          .flatten({ background: '#ffffff' })
          .toColourspace('srgb')
          .composite([{ input: overlay, tile: true }])
          .jpeg({ quality, mozjpeg: false })
          .toBuffer();
      }
    }),
  );
  return Number(process.hrtime.bigint() - started) / 1e9;
}

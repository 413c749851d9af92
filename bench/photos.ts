import fs from 'fs';
import path from 'path';
import sharp from 'sharp';

/**
 * Photo-like 24 MP JPEGs (6000×4000, ~8 MB): a gradient, soft shapes and film-grain noise, so the
 * encoder and decoder work as on a real photo (pure noise would be unrealistically large, flat
 * colour unrealistically small). Each seed gives a different file; files are cached between runs.
 */
const WIDTH = 6000;
const HEIGHT = 4000;
const PAD = 256;

let grain: Buffer | null = null;

async function render(seed: number): Promise<Buffer> {
  grain ??= await sharp({ create: { width: WIDTH + PAD, height: HEIGHT + PAD, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 20 } } }).raw().toBuffer();
  const hue = (seed * 47) % 360;
  const [w, h] = [1500, 1000];
  const shapes = Array.from({ length: 14 }, (_, i) => {
    const x = (seed * 997 + i * 431) % w;
    const y = (seed * 613 + i * 277) % h;
    const r = 40 + ((seed * 31 + i * 97) % 180);
    return `<circle cx="${x}" cy="${y}" r="${r}" fill="hsl(${(hue + i * 25) % 360},55%,${35 + ((i * 7) % 40)}%)" fill-opacity="0.7"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="hsl(${hue},50%,70%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},45%,25%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${shapes}</svg>`;
  const scene = await sharp(Buffer.from(svg)).removeAlpha().resize(WIDTH, HEIGHT, { kernel: 'cubic' }).raw().toBuffer();
  const noise = await sharp(grain, { raw: { width: WIDTH + PAD, height: HEIGHT + PAD, channels: 3 } })
    .extract({ left: (seed * 37) % PAD, top: (seed * 71) % PAD, width: WIDTH, height: HEIGHT })
    .raw()
    .toBuffer();
  return sharp(scene, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .composite([{ input: noise, raw: { width: WIDTH, height: HEIGHT, channels: 3 }, blend: 'soft-light' }])
    .withExif({ IFD0: { Make: 'BenchCam', Model: 'B-24' }, IFD2: { DateTimeOriginal: `2024:05:${String((seed % 28) + 1).padStart(2, '0')} 12:00:00` } })
    .jpeg({ quality: 93 })
    .toBuffer();
}

/** Benchmarks may run side by side (bench:smoke): a cached photo appears whole or not at all. */
function writeAtomically(file: string, bytes: Buffer) {
  const part = `${file}.${process.pid}.part`;
  fs.writeFileSync(part, bytes);
  fs.renameSync(part, file);
}

/** Paths of `count` photos for `set` (a prefix keeping the two phases' files distinct), generating missing ones. */
export async function ensurePhotos(dir: string, set: string, count: number, log: (line: string) => void): Promise<string[]> {
  sharp.cache(false);
  fs.mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const seed = (set === 'a' ? 0 : 100_000) + i + 1;
    const file = path.join(dir, `photo-${set}-${String(i + 1).padStart(4, '0')}.jpg`);
    if (!fs.existsSync(file)) {
      writeAtomically(file, await render(seed));
      if ((i + 1) % 10 === 0) log(`  generated ${i + 1}/${count} (${set})`);
    }
    paths.push(file);
  }
  grain = null;
  return paths;
}

/**
 * `count` distinct 6 MP JPEGs (3000×2000) for the preparation benchmark: big enough that making
 * a variant is real sharp work, small enough to generate and ingest 200 in about a minute.
 */
export async function ensurePrepPhotos(dir: string, count: number): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const file = path.join(dir, `prepare-${String(i + 1).padStart(4, '0')}.jpg`);
    if (!fs.existsSync(file)) {
      const hue = (i * 37) % 360;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="750" height="500"><rect width="100%" height="100%" fill="hsl(${hue},45%,55%)"/>
        <circle cx="${(i * 53) % 750}" cy="${(i * 29) % 500}" r="${60 + (i % 90)}" fill="hsl(${(hue + 140) % 360},50%,35%)"/></svg>`;
      const scene = await sharp(Buffer.from(svg)).resize(3000, 2000).removeAlpha().raw().toBuffer();
      const noise = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 14 } } }).raw().toBuffer();
      const bytes = await sharp(scene, { raw: { width: 3000, height: 2000, channels: 3 } })
        .composite([{ input: noise, raw: { width: 3000, height: 2000, channels: 3 }, blend: 'soft-light' }])
        .jpeg({ quality: 90 })
        .toBuffer();
      writeAtomically(file, bytes);
    }
    paths.push(file);
  }
  return paths;
}

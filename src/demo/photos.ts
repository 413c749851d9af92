import sharp from 'sharp';

/**
 * Photo-like demo images made at seed time: a sky gradient, hills, a sun and a caption.
 * Deterministic per seed, so every demo looks the same.
 */
export async function renderDemoPhoto(seed: number, caption: string, options: { width?: number; height?: number; takenAt?: string } = {}): Promise<Buffer> {
  const { width = 2400, height = 1600, takenAt } = options;
  const hue = (seed * 67) % 360;
  const sunX = 300 + ((seed * 389) % (width - 600));
  const hill = (offset: number, amplitude: number, colour: string) => {
    const points: string[] = [];
    for (let x = 0; x <= width; x += width / 12) {
      const y = height * 0.62 + offset + Math.sin((x / width) * Math.PI * 2 + seed) * amplitude;
      points.push(`${x.toFixed(0)},${y.toFixed(0)}`);
    }
    return `<polygon points="0,${height} ${points.join(' ')} ${width},${height}" fill="${colour}"/>`;
  };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,35%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},80%,80%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <circle cx="${sunX}" cy="${height * 0.3}" r="${height * 0.09}" fill="hsl(${(hue + 180) % 360},90%,85%)"/>
    ${hill(0, 60, `hsl(${(hue + 90) % 360},35%,35%)`)}
    ${hill(140, 40, `hsl(${(hue + 100) % 360},40%,22%)`)}
    <text x="60" y="${height - 60}" font-family="sans-serif" font-size="72" fill="white" fill-opacity="0.85">${caption}</text>
  </svg>`;
  const image = sharp(Buffer.from(svg));
  // A camera would record when the photo was taken; ingest reads it back as takenAt.
  if (takenAt) image.withExif({ IFD0: { Make: 'DemoCam', Model: 'D-1' }, IFD2: { DateTimeOriginal: takenAt } });
  return image.jpeg({ quality: 88 }).toBuffer();
}

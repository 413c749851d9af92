import sharp from 'sharp';
import type { OverlayOptions } from 'sharp';
import type { Core } from '@strapi/strapi';
import { layoutWatermark, type WatermarkPosition } from '../../lib/watermark-layout';
import { designOfRow, type WatermarkDesign } from '../../lib/variants';
import { getService } from '../../get-service';

/**
 * Watermark marks and overlays. A mark (the text or logo, white-on-transparent, full opacity) is
 * rendered once per design and cached; per image only a resize, an opacity pass and a composite
 * remain. Text goes through librsvg + fontconfig, which loads fonts on first use: `warm()` does
 * that at boot so the first upload does not pay for it.
 */
interface Mark {
  png: Buffer;
  aspect: number;
}

const POSITIONS: WatermarkPosition[] = ['center', 'top-left', 'top-right', 'bottom-left', 'bottom-right', 'tiled'];
const MAX_CACHED_MARKS = 32;
/** Text is rendered this tall, then scaled: big enough to stay crisp on a 3600px variant. */
const TEXT_RENDER_HEIGHT = 256;

const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

async function renderText(text: string): Promise<Mark> {
  const fontSize = Math.round(TEXT_RENDER_HEIGHT * 0.75);
  const width = Math.max(64, Math.ceil(text.length * fontSize * 0.75) + 40);
  // White text with a soft dark outline reads on light and dark photos alike.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${TEXT_RENDER_HEIGHT}">
    <text x="20" y="${Math.round(TEXT_RENDER_HEIGHT * 0.72)}" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-weight="bold"
      font-size="${fontSize}" fill="#ffffff" stroke="#000000" stroke-opacity="0.45" stroke-width="${Math.round(fontSize / 24)}">${escapeXml(text)}</text>
  </svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).trim({ threshold: 0 }).png().toBuffer({ resolveWithObject: true });
  return { png: data, aspect: info.width / info.height };
}

/** A tiny LRU of promises: marks per design, overlays per design and image size. */
function memo<T>(cache: Map<string, Promise<T>>, limit: number, key: string, make: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = make();
  made.catch(() => cache.delete(key));
  if (cache.size >= limit) cache.delete(cache.keys().next().value!);
  cache.set(key, made);
  return made;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const marks = new Map<string, Promise<Mark>>();
  // Photos from one camera share a few sizes, so the same overlay serves a whole shoot.
  const overlayCache = new Map<string, Promise<OverlayOptions[]>>();

  function markKey(design: WatermarkDesign) {
    return design.mode === 'logo' ? `logo:${design.logo?.hash}` : `text:${design.text ?? ''}`;
  }

  async function renderLogo(design: WatermarkDesign): Promise<Mark> {
    if (!design.logo) throw new Error('watermark: logo mode without a logo file');
    const storage = getService(strapi, 'storage');
    const { filepath, cleanup } = await storage.toTempFile({ hash: design.logo.hash, ext: design.logo.ext ?? '', url: design.logo.url ?? '' });
    try {
      const { data, info } = await sharp(filepath, { limitInputPixels: 25_000_000 })
        .rotate()
        .resize(1600, 1600, { fit: 'inside', withoutEnlargement: true })
        .ensureAlpha()
        .png()
        .toBuffer({ resolveWithObject: true });
      return { png: data, aspect: info.width / info.height };
    } finally {
      await cleanup();
    }
  }

  function markFor(design: WatermarkDesign): Promise<Mark> {
    return memo(marks, MAX_CACHED_MARKS, markKey(design), () => (design.mode === 'logo' ? renderLogo(design) : renderText(design.text?.trim() || 'PROOF')));
  }

  async function renderOverlays(design: WatermarkDesign, imageWidth: number, imageHeight: number): Promise<OverlayOptions[]> {
    const mark = await markFor(design);
    const layout = layoutWatermark({ imageWidth, imageHeight, markAspect: mark.aspect, position: design.position, scale: design.scale });
    const alpha = Math.round(Math.min(1, Math.max(0.05, design.opacity)) * 255);
    const sized = await sharp(mark.png)
      .resize(layout.mark.width, layout.mark.height, { fit: 'fill' })
      .ensureAlpha()
      // dest-in with a constant pixel multiplies the mark's alpha: that is the opacity.
      .composite([{ input: Buffer.from([255, 255, 255, alpha]), raw: { width: 1, height: 1, channels: 4 }, tile: true, blend: 'dest-in' }])
      .png()
      .toBuffer();
    if (layout.kind === 'single') return [{ input: sized, left: layout.mark.left, top: layout.mark.top }];
    const tile = await sharp({ create: { width: layout.tile.width, height: layout.tile.height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: sized, left: layout.mark.left, top: layout.mark.top }])
      .png()
      .toBuffer();
    return [{ input: tile, tile: true, gravity: 'northwest' }];
  }

  return {
    /** The studio's default design (studio-settings: the saved watermark, else the config's photos.watermark). */
    async studioDefault(): Promise<WatermarkDesign> {
      const config: Partial<WatermarkDesign> = (await getService(strapi, 'studio-settings').studio()).watermark;
      return {
        mode: 'text',
        text: config.text || 'PROOF',
        logo: null,
        position: POSITIONS.includes(config.position as WatermarkPosition) ? (config.position as WatermarkPosition) : 'tiled',
        opacity: Number(config.opacity ?? 0.3),
        scale: Number(config.scale ?? 0.25),
      };
    },

    /**
     * A gallery's design (its watermarkDesign relation, logo populated); a gallery without one uses
     * the studio's default design, and with no default design the studio's text mark.
     */
    async forGallery(gallery: { watermarkDesign?: Record<string, any> | null } | null | undefined): Promise<WatermarkDesign> {
      const design = gallery?.watermarkDesign;
      if (design && !((design.mode === 'logo' && !design.logo) || (design.mode === 'text' && !design.text))) return designOfRow(design);
      return (await getService(strapi, 'watermark-design').defaultDesign()) ?? this.studioDefault();
    },

    /** sharp composite inputs that put `design` on an image of the given (final) size. */
    overlays(design: WatermarkDesign, imageWidth: number, imageHeight: number): Promise<OverlayOptions[]> {
      const key = `${markKey(design)}|${design.position}|${design.opacity}|${design.scale}|${imageWidth}x${imageHeight}`;
      return memo(overlayCache, 64, key, () => renderOverlays(design, imageWidth, imageHeight));
    },

    /** Load fonts (fontconfig) and render the default mark now, not on the first upload. */
    async warm() {
      await markFor(await this.studioDefault());
    },
  };
};

import fs from 'fs';
import os from 'os';
import path from 'path';
import sharp from 'sharp';
import type { OverlayOptions } from 'sharp';
import type { Core } from '@strapi/strapi';
import { ComparisonRejectedError, GalleryImageNotFoundError } from '../../lib/errors';
import { captionText, comparisonLayout, escapeXml, MAX_COMPARED, type ComparisonWidth } from '../../lib/comparison-layout';
import { Semaphore } from '../../lib/semaphore';
import type { ImageSource } from '../../../../shared/contracts';
import { UID } from '../../uids';
import { visiblePhotos } from '../../admin/access';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';
import { tempFolderPrefix } from '../../lib/temp-folders';

const IMAGE = UID.galleryImage;

export interface ComparisonRequest {
  /** The photos, left to right, as the studio arranged them. */
  imageIds: string[];
  width: ComparisonWidth;
  /** Which sources the staff member may see (admin/access.ts). */
  sources: ImageSource[];
}

export interface ComparedImage {
  id: number;
  documentId: string;
  takenAt: Date | string;
  label: string | null;
  width: number;
  height: number;
  client: { id: number; documentId: string };
  file: { hash: string; ext: string; mime: string; url: string; path?: string };
}

/**
 * Side-by-side comparisons of a client's photos, made on the server with sharp: each source is
 * decoded once (shrunk on load to its panel), the panels and their captions are composited onto
 * one canvas and encoded as one JPEG. One comparison renders at a time, so a burst of clicks
 * cannot multiply peak memory.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rendering = new Semaphore(1);
  const storage = () => getService(strapi, 'storage');

  /** The photos named, in the order named; all visible to the staff member and of one client. */
  async function load({ imageIds, sources }: Pick<ComparisonRequest, 'imageIds' | 'sources'>): Promise<ComparedImage[]> {
    if (imageIds.length < 2 || imageIds.length > MAX_COMPARED) throw new ComparisonRejectedError(`Compare 2 to ${MAX_COMPARED} photos`);
    if (new Set(imageIds).size !== imageIds.length) throw new ComparisonRejectedError('A photo is named twice');
    const rows: any[] = await strapi.db.query(IMAGE).findMany({
      where: { $and: [{ documentId: { $in: imageIds } }, visiblePhotos(strapi, sources).where] },
      select: ['id', 'documentId', 'takenAt', 'label', 'width', 'height'],
      populate: { client: { select: ['id', 'documentId'] }, file: { select: ['hash', 'ext', 'mime', 'url'] } },
    });
    const byDocumentId = new Map(rows.map((row) => [row.documentId, row]));
    const images = imageIds.map((documentId) => byDocumentId.get(documentId));
    if (images.some((image) => !image || !image.file || !image.client)) throw new GalleryImageNotFoundError();
    if (new Set(images.map((image) => image.client.id)).size !== 1) throw new ComparisonRejectedError('Only photos of one client can be compared');
    return images as ComparedImage[];
  }

  async function captions(images: ComparedImage[], layout: ReturnType<typeof comparisonLayout>): Promise<OverlayOptions> {
    const size = Math.round(layout.captionHeight * 0.45);
    const texts = images
      .map((image, i) => {
        const panel = layout.panels[i];
        return `<text x="${panel.left + panel.width / 2}" y="${layout.captionHeight / 2}" font-size="${size}" text-anchor="middle" dominant-baseline="central" fill="#f2f2f2" font-family="sans-serif">${escapeXml(captionText(image.takenAt, image.label))}</text>`;
      })
      .join('');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.captionHeight}">${texts}</svg>`;
    return { input: Buffer.from(svg), left: 0, top: layout.rowHeight };
  }

  async function render(images: ComparedImage[], width: ComparisonWidth): Promise<Buffer> {
    const layout = comparisonLayout(images, width);
    return rendering.run(async () => {
      const overlays: OverlayOptions[] = [];
      // One source at a time: only one decoded photo (shrunk to its panel) is in memory besides the canvas.
      for (const [i, image] of images.entries()) {
        const panel = layout.panels[i];
        const source = await storage().sourceFile(image.file);
        try {
          const { data, info } = await sharp(source.filepath, {
            limitInputPixels: Number(pluginConfig(strapi).photos.maxPixels),
            failOn: 'truncated',
            sequentialRead: true,
          })
            .rotate()
            .resize(panel.width, panel.height, { fit: 'cover' })
            .flatten({ background: '#ffffff' })
            .toColourspace('srgb')
            .raw()
            .toBuffer({ resolveWithObject: true });
          overlays.push({ input: data, raw: { width: info.width, height: info.height, channels: info.channels }, left: panel.left, top: 0 });
        } finally {
          await source.cleanup();
        }
      }
      overlays.push(await captions(images, layout));
      return sharp({ create: { width: layout.width, height: layout.height, channels: 3, background: '#111111' } })
        .composite(overlays)
        .jpeg({ quality: 88, mozjpeg: false })
        .toBuffer();
    });
  }

  return {
    load,

    /** The comparison JPEG of the photos named, in that order, `width` pixels wide. */
    async render(request: ComparisonRequest) {
      const images = await load(request);
      return { images, jpeg: await render(images, request.width) };
    },

    /**
     * Keep a comparison as a photo of the client (source "comparison"), so it can go into a shared
     * gallery like any photo. Saving the same comparison again finds the one already kept.
     */
    async save(request: ComparisonRequest & { label?: string }) {
      const images = await load(request);
      const jpeg = await render(images, request.width);
      const dir = await fs.promises.mkdtemp(tempFolderPrefix(os.tmpdir(), 'comparison'));
      try {
        const filepath = path.join(dir, 'comparison.jpg');
        await fs.promises.writeFile(filepath, jpeg);
        const name = `comparison-${images.map((image) => new Date(image.takenAt).toISOString().slice(0, 10)).join('-')}.jpg`;
        return await getService(strapi, 'ingest').ingestMade({
          clientDocumentId: images[0].client.documentId,
          filepath,
          name,
          label: request.label,
          made: { source: 'comparison' },
        });
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    },
  };
};

import exifReader from 'exif-reader';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { jpegSegments, metadataSegmentsOf } from '../../src/plugins/client-gallery/server/src/lib/photo-metadata';
import { binary, ingestPhoto } from '../helpers/downloads';
import { createClient } from '../helpers/fixtures';
import { cameraPhoto } from '../helpers/photos';
import { makeLink } from '../helpers/share';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import sharp from 'sharp';

/**
 * No delivered file ever carries an embedded image (docs/metadata.md). The source is a photo as
 * cameras write it: an IFD1 thumbnail, a maker-note preview, an XMP thumbnail, Photoshop and MPF
 * previews, GPS and a body serial. Every download of every link, and every zip entry, is searched
 * for those previews' bytes. "Keep metadata" keeps descriptive tags only.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let source: Awaited<ReturnType<typeof cameraPhoto>>;
let imageId: string;
let galleryId: string;
const http = () => request(strapi.server.httpServer);
const ALLOWED_SEGMENTS = new Set(['APP0:JFIF', 'APP1:Exif', 'APP2:ICC_PROFILE']);

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  source = await cameraPhoto();
  const client = await createClient(strapi, 'Mia Metadata');
  imageId = (await ingestPhoto(strapi, client.documentId, source.bytes, 'camera.jpg')).documentId;
  const gallery = await strapi.documents('plugin::client-gallery.gallery').create({ data: { title: 'Metadata', client: client.documentId, images: [imageId], stage: 'ready' } as any });
  await strapi.documents('plugin::client-gallery.gallery').publish({ documentId: gallery.documentId });
  galleryId = gallery.documentId;
});


async function download(token: string, resolution: string) {
  const res = await http().get(`/api/share/${token}/images/${imageId}/download?resolution=${resolution}`).buffer(true).parse(binary as any);
  expect(res.status).toBe(200);
  return res.body as Buffer;
}

/** Everything a delivered file must never carry, whatever the link says. */
function expectNoHiddenImages(bytes: Buffer) {
  for (const [i, preview] of source.previews.entries()) expect({ preview: i, found: bytes.includes(preview) }).toEqual({ preview: i, found: false });
  expect(bytes.includes(source.previews[2].toString('base64').slice(0, 200))).toBe(false);
  expect(bytes.includes('xmpGImg')).toBe(false);
  expect(metadataSegmentsOf(bytes).filter((segment) => !ALLOWED_SEGMENTS.has(segment))).toEqual([]);
}

async function exifOf(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  return meta.exif ? (exifReader(meta.exif) as any) : null;
}

describe('delivered metadata', () => {
  it('the source really hides previews, GPS and a serial (so the checks below can fail)', async () => {
    expect(source.previews.filter((preview) => source.bytes.includes(preview)).length).toBeGreaterThanOrEqual(3);
    const exif = await exifOf(source.bytes);
    expect(exif.Thumbnail).toBeDefined();
    expect(exif.Photo.MakerNote).toBeDefined();
  });

  describe.each([
    ['watermarked, keeping metadata', { watermark: true, keepMetadata: true }],
    ['clean, keeping metadata', { watermark: false, keepMetadata: true }],
    ['clean, without metadata', { watermark: false, keepMetadata: false }],
  ])('on a link %s', (_label, settings) => {
    let token: string;
    beforeAll(async () => {
      token = (await makeLink(strapi, galleryId, { recipientEmail: `meta-${settings.watermark}-${settings.keepMetadata}@client.test`, downloadsEnabled: true, resolutions: ['web', 'high', 'original'], ...settings })).token;
    });

    it.each(['web', 'high', 'original'])('a %s download carries no embedded image, no GPS, no serial, no maker note', async (resolution) => {
      const bytes = await download(token, resolution);
      expectNoHiddenImages(bytes);
      const exif = await exifOf(bytes);
      expect(exif?.Thumbnail).toBeUndefined();
      expect(exif?.Photo?.MakerNote).toBeUndefined();
      expect(exif?.GPSInfo).toBeUndefined();
      expect(exif?.Photo?.BodySerialNumber).toBeUndefined();
      if (settings.keepMetadata) expect(exif?.Image?.Make).toBe('FixtureCam');
      else expect(exif?.Image?.Make).toBeUndefined();
    });

    it('a zip of the gallery carries none of them either', async () => {
      const made = await http().post(`/api/share/${token}/packages`).send({ resolution: 'original' });
      expect(made.status).toBe(202);
      await strapi.plugin('client-gallery').service('download-package').settled();
      const zip = await http().get(new URL(made.body.data.downloadUrl).pathname).buffer(true).parse(binary as any);
      expect(zip.status).toBe(200);
      for (const preview of source.previews) expect(zip.body.includes(preview)).toBe(false);
    });
  });

  it('keeps the original\'s pixels byte for byte when a clean link keeps metadata: only its metadata segments are replaced', async () => {
    const token = (await makeLink(strapi, galleryId, { recipientEmail: 'pixels@client.test', downloadsEnabled: true, resolutions: ['original'], watermark: false, keepMetadata: true })).token;
    const bytes = await download(token, 'original');
    const scan = (jpeg: Buffer) => jpeg.subarray(jpegSegments(jpeg)!.scanStart);
    expect(scan(bytes).equals(scan(source.bytes))).toBe(true);
    expect(bytes.length).toBeLessThan(source.bytes.length);
  });
});

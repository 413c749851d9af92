import crypto from 'crypto';
import sharp from 'sharp';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createAdmin, createApiToken, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, uploadFile } from '../helpers/fixtures';
import { inspectDelivered, photo } from '../helpers/photos';
import { PROVIDERS, startStorage, type TestStorage } from '../helpers/storage';
import { derivativeDir } from '../../src/plugins/client-gallery/server/src/lib/variants';
import { jpegSegments } from '../../src/plugins/client-gallery/server/src/lib/photo-metadata';
import { fetchUrl, isSignedUrl } from '../helpers/http';

const IMAGE = 'plugin::client-gallery.gallery-image';
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

describe.each(PROVIDERS)('photo ingest and derivatives (%s provider)', (providerName) => {
  let booted: BootedStrapi;
  let strapi: Core.Strapi;
  let storage: TestStorage;
  let modifier: string;
  let viewer: string;
  let apiToken: string;
  const http = () => request(strapi.server.httpServer);
  const keys = () => storage.keys(booted.uploadDir);

  beforeAll(async () => {
    storage = await startStorage(providerName);
    booted = await bootStrapi(`photos-ingest-${providerName}`, storage.env);
    strapi = booted.strapi;
    modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
    viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer')).token;
    apiToken = await createApiToken(strapi);
  });

  afterAll(async () => {
    await booted?.stop();
    await storage?.stop();
  });

  const upload = (clientId: string, files: Array<{ bytes: Buffer; name: string }>, token = modifier, fields: Record<string, string> = {}) => {
    let req = http().post(`/client-gallery/clients/${clientId}/images`).set('Authorization', `Bearer ${token}`);
    for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
    for (const { bytes, name } of files) req = req.attach('files', bytes, { filename: name, contentType: 'image/jpeg' });
    return req;
  };

  describe('POST /client-gallery/clients/:documentId/images', () => {
    it('refuses anonymous (401) and view-only (403) staff, storing nothing', async () => {
      const client = await createClient(strapi, 'Gate Keeper');
      const bytes = await photo({ seed: 2 });
      const before = keys();
      const anonymous = await http().post(`/client-gallery/clients/${client.documentId}/images`).attach('files', bytes, { filename: 'a.jpg', contentType: 'image/jpeg' });
      expect(anonymous.status).toBe(401);
      expect((await upload(client.documentId, [{ bytes, name: 'a.jpg' }], viewer)).status).toBe(403);
      expect(keys()).toEqual(before);
      expect(await strapi.db.query(IMAGE).count({ where: { client: { documentId: client.documentId } } })).toBe(0);
    });

    it('turns each photo into a gallery-image with EXIF date (else upload time), size, checksum and label', async () => {
      const client = await createClient(strapi, 'Ingrid Ingest');
      const dated = await photo({ seed: 3, takenAt: '2021:07:04 10:30:00' });
      const undated = await photo({ seed: 4, width: 320, height: 200 });
      const startedAt = Date.now();
      const res = await upload(client.documentId, [
        { bytes: dated, name: 'dated.jpg' },
        { bytes: undated, name: 'undated.jpg' },
      ], modifier, { label: 'ceremony' });
      expect(res.status).toBe(201);
      expect(res.body.results).toHaveLength(2);
      // One result per file, named: the body parser hands files over as they finish, not in send order.
      const byFile = (name: string) => res.body.results.find((r: { file: string }) => r.file === name);
      const [first, second] = [byFile('dated.jpg'), byFile('undated.jpg')];
      expect(first).toMatchObject({ file: 'dated.jpg', status: 'created', image: { takenAt: '2021-07-04T10:30:00.000Z', width: 640, height: 480, checksum: sha256(dated), label: 'ceremony' } });
      expect(second).toMatchObject({ file: 'undated.jpg', status: 'created', image: { width: 320, height: 200, checksum: sha256(undated) } });
      expect(Date.parse(second.image.takenAt)).toBeGreaterThanOrEqual(startedAt - 1000);

      const row = await strapi.db.query(IMAGE).findOne({ where: { documentId: first.image.documentId }, populate: { file: true, client: true } });
      expect(row).toMatchObject({ source: 'upload', label: 'ceremony', checksum: sha256(dated), width: 640, height: 480 });
      expect(row.client.documentId).toBe(client.documentId);
      // Thumb and preview, clean and watermarked, exist at ingest in the folder derived from the checksum.
      const variants = Object.values(row.derivatives as Record<string, { variant: string; path: string }>);
      expect(variants.map((v) => v.variant).sort()).toEqual(['preview', 'preview', 'thumb', 'thumb']);
      const stored = keys();
      const dir = derivativeDir(sha256(dated), strapi.plugin('client-gallery').service('share-tokens').signingKey());
      for (const v of variants) expect(v.path).toBe(dir);
      expect(stored.filter((key) => key.startsWith(`${dir}/`))).toHaveLength(4);
      // The original is stored byte for byte (GPS and all): only delivered copies are cleaned.
      expect(stored).toContain(`${row.file.hash}${row.file.ext}`);
      expect(row.file.formats ?? null).toBeNull();
    });

    it('reports a photo uploaded twice to one client as a duplicate and stores it once', async () => {
      const client = await createClient(strapi, 'Dora Double');
      const bytes = await photo({ seed: 5 });
      const first = await upload(client.documentId, [{ bytes, name: 'one.jpg' }]);
      expect(first.status).toBe(201);
      const existing = first.body.results[0].image.documentId;
      const before = keys();
      const again = await upload(client.documentId, [{ bytes, name: 'one-again.jpg' }, { bytes, name: 'one-thrice.jpg' }]);
      expect(again.status).toBe(200);
      expect([...again.body.results].sort((a, b) => a.file.localeCompare(b.file))).toEqual([
        { file: 'one-again.jpg', status: 'duplicate', existing },
        { file: 'one-thrice.jpg', status: 'duplicate', existing },
      ]);
      expect(keys()).toEqual(before);
      expect(await strapi.db.query(IMAGE).count({ where: { client: { documentId: client.documentId } } })).toBe(1);

      // The same photo in another client's gallery is that client's own photo.
      const other = await createClient(strapi, 'Olga Other');
      expect((await upload(other.documentId, [{ bytes, name: 'one.jpg' }])).body.results[0].status).toBe('created');
    });

    it('answers an unknown client with 404', async () => {
      expect((await upload('no-such-client', [{ bytes: await photo({ seed: 6 }), name: 'x.jpg' }])).status).toBe(404);
    });
  });

  describe('POST /api/gallery-images/ingest', () => {
    it('ingests for an API token and refuses a request without one', async () => {
      const client = await createClient(strapi, 'Tom Token');
      const bytes = await photo({ seed: 7 });
      const anonymous = await http().post('/api/gallery-images/ingest').field('client', client.documentId).attach('files', bytes, { filename: 't.jpg', contentType: 'image/jpeg' });
      expect([401, 403]).toContain(anonymous.status);
      const res = await http()
        .post('/api/gallery-images/ingest')
        .set('Authorization', `Bearer ${apiToken}`)
        .field('client', client.documentId)
        .field('label', 'site')
        .attach('files', bytes, { filename: 't.jpg', contentType: 'image/jpeg' });
      expect(res.status).toBe(201);
      expect(res.body.results[0]).toMatchObject({ status: 'created', image: { label: 'site', checksum: sha256(bytes) } });
      const missingClient = await http().post('/api/gallery-images/ingest').set('Authorization', `Bearer ${apiToken}`).attach('files', bytes, { filename: 't.jpg', contentType: 'image/jpeg' });
      expect(missingClient.status).toBe(400);
    });
  });

  describe('delivered files', () => {
    const ALL = ['thumb', 'preview', 'web', 'high', 'original'] as const;

    it('carry no GPS and no device serial in any variant, clean or watermarked, while the stored original keeps them', async () => {
      const client = await createClient(strapi, 'Gina Gps');
      const bytes = await photo({ seed: 8, gps: true, takenAt: '2022:01:02 03:04:05' });
      expect((await inspectDelivered(bytes)).gps).not.toBeNull();
      const res = await upload(client.documentId, [{ bytes, name: 'gps.jpg' }]);
      const documentId = res.body.results[0].image.documentId;
      const derivatives = strapi.plugin('client-gallery').service('derivatives');
      const studio = await strapi.plugin('client-gallery').service('watermark').studioDefault();
      for (const options of [{}, { watermark: studio }]) {
        const urls = await derivatives.signedUrls(documentId, [...ALL], options);
        for (const variant of ALL) {
          expect(isSignedUrl(urls[variant])).toBe(true);
          const fetched = await fetchUrl(strapi, urls[variant]);
          expect(fetched.status).toBe(200);
          const delivered = await inspectDelivered(fetched.body);
          expect({ variant, gps: delivered.gps, serial: delivered.serial }).toEqual({ variant, gps: null, serial: null });
        }
      }
      // keepMetadata hands out the original's own image data, but with the allow-listed EXIF only (docs/metadata.md): no GPS, no serial.
      const kept = await fetchUrl(strapi, await derivatives.signedUrl(documentId, 'original', { keepMetadata: true }));
      const scan = (jpeg: Buffer) => jpeg.subarray(jpegSegments(jpeg)!.scanStart);
      expect(scan(kept.body).equals(scan(bytes))).toBe(true);
      expect(await inspectDelivered(kept.body)).toMatchObject({ gps: null, serial: null });
    });

    it('come out upright from an EXIF-rotated portrait (orientation 6)', async () => {
      const client = await createClient(strapi, 'Otto Orient');
      const bytes = await photo({ seed: 9, width: 600, height: 400, orientation: 6 });
      const res = await upload(client.documentId, [{ bytes, name: 'portrait.jpg' }]);
      expect(res.body.results[0].image).toMatchObject({ width: 400, height: 600 });
      const urls = await strapi.plugin('client-gallery').service('derivatives').signedUrls(res.body.results[0].image.documentId, [...ALL]);
      for (const variant of ALL) {
        const delivered = await inspectDelivered((await fetchUrl(strapi, urls[variant])).body);
        expect({ variant, orientation: delivered.orientation, portrait: delivered.rawWidth! < delivered.rawHeight! }).toEqual({ variant, orientation: 1, portrait: true });
      }
    });

    it('puts the watermark on watermarked variants only, with a gallery logo design getting its own files', async () => {
      const client = await createClient(strapi, 'Wanda Watermark');
      const res = await upload(client.documentId, [{ bytes: await photo({ seed: 16, width: 1200, height: 800 }), name: 'wm.jpg' }]);
      const documentId = res.body.results[0].image.documentId;
      const derivatives = strapi.plugin('client-gallery').service('derivatives');
      const watermark = strapi.plugin('client-gallery').service('watermark');
      const pixels = async (url: string) => sharp((await fetchUrl(strapi, url)).body).raw().toBuffer();
      const meanDifference = (a: Buffer, b: Buffer) => a.reduce((sum, value, i) => sum + Math.abs(value - b[i]), 0) / a.length;

      const clean = await pixels(await derivatives.signedUrl(documentId, 'preview'));
      const studio = await pixels(await derivatives.signedUrl(documentId, 'preview', { watermark: await watermark.studioDefault() }));
      expect(meanDifference(clean, studio)).toBeGreaterThan(2);

      const logoFile = await uploadFile(strapi, await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } }).png().toBuffer(), 'logo.png', 'image/png');
      const logoRow = await strapi.db.query('plugin::upload.file').findOne({ where: { id: logoFile.id } });
      const design = await watermark.forGallery({ watermarkDesign: { mode: 'logo', logo: logoRow, position: 'bottom-right', opacity: 1, scale: 0.2 } });
      const logoUrl = await derivatives.signedUrl(documentId, 'preview', { watermark: design });
      const logo = await pixels(logoUrl);
      // The bottom-right corner turns red; the top-left corner stays as it was.
      const at = (raw: Buffer, x: number, y: number) => Array.from(raw.subarray((y * 1200 + x) * 3, (y * 1200 + x) * 3 + 3));
      const [r, g, b] = at(logo, 1200 - 24 - 100, 800 - 24 - 25);
      expect(r).toBeGreaterThan(200);
      expect(g + b).toBeLessThan(80);
      expect(at(logo, 10, 10)).toEqual(at(clean, 10, 10));
      const row = await strapi.db.query(IMAGE).findOne({ where: { documentId } });
      expect(Object.values(row.derivatives).filter((d: any) => d.variant === 'preview')).toHaveLength(3);
    });

    it('makes download sizes on first need, once, and keeps them', async () => {
      const client = await createClient(strapi, 'Lazy Larry');
      const res = await upload(client.documentId, [{ bytes: await photo({ seed: 10 }), name: 'lazy.jpg' }]);
      const documentId = res.body.results[0].image.documentId;
      const before = keys();
      const derivatives = strapi.plugin('client-gallery').service('derivatives');
      const first = await derivatives.ensure(documentId, ['web', 'high']);
      const afterFirst = keys();
      expect(afterFirst.length).toBe(before.length + 2);
      const second = await derivatives.ensure(documentId, ['web', 'high']);
      expect(keys()).toEqual(afterFirst);
      expect(second.web.hash).toBe(first.web.hash);
      const row = await strapi.db.query(IMAGE).findOne({ where: { documentId } });
      expect(Object.values(row.derivatives).map((d: any) => d.variant).sort()).toEqual(['high', 'preview', 'preview', 'thumb', 'thumb', 'web']);
    });
  });

  describe('GET /client-gallery/clients/:documentId/images', () => {
    it('hands out signed derivative URLs for thumb and preview, not file URLs', async () => {
      const client = await createClient(strapi, 'Lisa Listing');
      await upload(client.documentId, [{ bytes: await photo({ seed: 11, width: 1200, height: 800 }), name: 'l.jpg' }]);
      const res = await http().get(`/client-gallery/clients/${client.documentId}/images`).set('Authorization', `Bearer ${viewer}`);
      expect(res.status).toBe(200);
      const [image] = res.body.results;
      expect(isSignedUrl(image.thumbUrl)).toBe(true);
      expect(isSignedUrl(image.previewUrl)).toBe(true);
      expect(image.thumbUrl).toContain('derivatives/');
      const thumb = await inspectDelivered((await fetchUrl(strapi, image.thumbUrl)).body);
      expect(thumb).toMatchObject({ format: 'jpeg', width: 480, height: 320 });
    });
  });

  describe('deletion', () => {
    async function ingestOne(name: string, seed: number) {
      const client = await createClient(strapi, name);
      const before = keys();
      const res = await upload(client.documentId, [{ bytes: await photo({ seed }), name: `${seed}.jpg` }]);
      const documentId = res.body.results[0].image.documentId as string;
      await strapi.plugin('client-gallery').service('derivatives').ensure(documentId, ['web', 'original']);
      expect(keys().length).toBeGreaterThan(before.length);
      const fileId = (await strapi.db.query(IMAGE).findOne({ where: { documentId }, populate: { file: true } })).file.id;
      return { documentId, before, fileId };
    }

    it('DELETE /client-gallery/images/:documentId removes the original and every derivative (Modify only)', async () => {
      const { documentId, before, fileId } = await ingestOne('Del Admin', 12);
      expect((await http().delete(`/client-gallery/images/${documentId}`).set('Authorization', `Bearer ${viewer}`)).status).toBe(403);
      const res = await http().delete(`/client-gallery/images/${documentId}`).set('Authorization', `Bearer ${modifier}`);
      expect(res.status).toBe(204);
      expect(keys()).toEqual(before);
      expect(await strapi.db.query('plugin::upload.file').findOne({ where: { id: fileId } })).toBeNull();
      expect((await http().delete(`/client-gallery/images/${documentId}`).set('Authorization', `Bearer ${modifier}`)).status).toBe(404);
    });

    it('REST DELETE /api/gallery-images/:documentId leaves nothing behind', async () => {
      const { documentId, before } = await ingestOne('Del Rest', 13);
      expect((await http().delete(`/api/gallery-images/${documentId}`).set('Authorization', `Bearer ${apiToken}`)).status).toBe(204);
      expect(keys()).toEqual(before);
    });

    it('a Document Service delete leaves nothing behind', async () => {
      const { documentId, before } = await ingestOne('Del Service', 14);
      await strapi.documents(IMAGE).delete({ documentId });
      expect(keys()).toEqual(before);
    });

    it('refuses deleting a gallery photo\'s original from the Media Library (400), so nothing is orphaned', async () => {
      const { documentId, fileId } = await ingestOne('Del Media Library', 16);
      const storedBefore = keys();
      const res = await http().delete(`/api/upload/files/${fileId}`).set('Authorization', `Bearer ${apiToken}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/client gallery/);
      expect(keys()).toEqual(storedBefore);
      expect(await strapi.db.query('plugin::upload.file').findOne({ where: { id: fileId } })).not.toBeNull();
      const url = await strapi.plugin('client-gallery').service('derivatives').signedUrl(documentId, 'thumb');
      expect((await fetchUrl(strapi, url)).status).toBe(200);
    });

    it('keeps derivatives another client still uses for the same photo', async () => {
      const bytes = await photo({ seed: 15 });
      const a = await createClient(strapi, 'Share A');
      const b = await createClient(strapi, 'Share B');
      const before = keys();
      const first = (await upload(a.documentId, [{ bytes, name: 's.jpg' }])).body.results[0].image.documentId;
      const second = (await upload(b.documentId, [{ bytes, name: 's.jpg' }])).body.results[0].image.documentId;
      await strapi.documents(IMAGE).delete({ documentId: first });
      const url = await strapi.plugin('client-gallery').service('derivatives').signedUrl(second, 'thumb');
      expect((await fetchUrl(strapi, url)).status).toBe(200);
      await strapi.documents(IMAGE).delete({ documentId: second });
      expect(keys()).toEqual(before);
    });
  });
});

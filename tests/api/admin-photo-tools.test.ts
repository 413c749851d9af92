/** @lane serial: asserts a memory bound and an event-loop delay bound, which a neighbour's load would bend (scripts/run-tests.js). */
import fs from 'fs';
import os from 'os';
import { monitorEventLoopDelay } from 'perf_hooks';
import request from 'supertest';
import sharp from 'sharp';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, createImage, uploadFile } from '../helpers/fixtures';
import { binary, ingestPhoto } from '../helpers/downloads';
import { makeLink } from '../helpers/share';

/**
 * The studio's downloads in the admin panel: a photo's original, and a side-by-side comparison
 * made on the server (downloaded, or kept as a photo of the client). All need Modify client
 * gallery; each download is recorded in the client's activity with who made it.
 */
const IMAGE = 'plugin::client-gallery.gallery-image';
const EVENT = 'plugin::client-gallery.activity-event';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let viewer: string;
let modifier: string;
let modifierEmail: string;
let rhea: { documentId: string };
let otto: { documentId: string };
let bytes: Record<'red' | 'blue' | 'green', Buffer>;
let photos: Record<'red' | 'blue' | 'green' | 'others', { documentId: string }>;

const http = () => request(strapi.server.httpServer);
const as = (token: string) => ({
  get: (path: string) =>
    http()
      .get(`/client-gallery${path}`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binary as any),
  post: (path: string, body: object = {}) => http().post(`/client-gallery${path}`).set('Authorization', `Bearer ${token}`).send(body),
  postBinary: (path: string, body: object = {}) =>
    http()
      .post(`/client-gallery${path}`)
      .set('Authorization', `Bearer ${token}`)
      .send(body)
      .buffer(true)
      .parse(binary as any),
});
const staffDownloads = () =>
  strapi.db
    .query(EVENT)
    .findMany({
      where: { type: 'staff-download' },
      orderBy: { id: 'asc' },
      populate: { client: { select: ['documentId'] }, image: { select: ['documentId'] } },
    });
const imageCount = () => strapi.db.query(IMAGE).count({});
const tempDirs = () =>
  fs
    .readdirSync(os.tmpdir())
    .filter((name) => name.startsWith('client-gallery-comparison-') || name.startsWith('client-gallery-source-'))
    .sort();
const solid = (background: string, width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background } })
    .jpeg({ quality: 92 })
    .toBuffer();

/** The colour at (x, y) of a decoded JPEG, as its strongest channel. */
async function colourAt(jpeg: Buffer, x: number, y: number): Promise<'red' | 'green' | 'blue' | 'dark'> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const i = (Math.round(y) * info.width + Math.round(x)) * info.channels;
  const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
  if (Math.max(r, g, b) < 60) return 'dark';
  return r > g && r > b ? 'red' : g > b ? 'green' : 'blue';
}

beforeAll(async () => {
  booted = await bootStrapi('admin-photo-tools');
  strapi = booted.strapi;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer')).token;
  const modifying = await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier');
  [modifier, modifierEmail] = [modifying.token, modifying.email];
  rhea = await createClient(strapi, 'Rhea Compare');
  otto = await createClient(strapi, 'Otto Other');
  // A landscape red, a portrait blue and a square green: the panels differ in width as well as colour.
  bytes = { red: await solid('#e00000', 600, 400), blue: await solid('#0000e0', 400, 600), green: await solid('#00c000', 500, 500) };
  photos = {
    red: await ingestPhoto(strapi, rhea.documentId, bytes.red, 'red.jpg', 'Before'),
    blue: await ingestPhoto(strapi, rhea.documentId, bytes.blue, 'blue.jpg', 'After'),
    green: await ingestPhoto(strapi, rhea.documentId, bytes.green, 'green.jpg'),
    others: await ingestPhoto(strapi, otto.documentId, await solid('#808080', 300, 200), 'grey.jpg'),
  };
});

afterAll(async () => {
  await booted?.stop();
});

describe('staff downloads and comparisons', () => {
  it('answers anonymous with 401 and View-only staff with 403, recording and making nothing', async () => {
    const [events, images] = [(await staffDownloads()).length, await imageCount()];
    const pair = { imageIds: [photos.red.documentId, photos.blue.documentId], width: 2048 };
    const routes = [
      ['get', `/images/${photos.red.documentId}/original`, undefined],
      ['post', '/comparisons/download', pair],
      ['post', '/comparisons', pair],
    ] as const;
    for (const [method, path, body] of routes) {
      const anonymous = method === 'get' ? http().get(`/client-gallery${path}`) : http().post(`/client-gallery${path}`).send(body);
      expect((await anonymous).status).toBe(401);
      const refused = method === 'get' ? await as(viewer).get(path) : await as(viewer).post(path, body);
      expect(refused.status).toBe(403);
    }
    expect((await staffDownloads()).length).toBe(events);
    expect(await imageCount()).toBe(images);
  });

  it('streams the original byte for byte to Modify staff, and records who downloaded it', async () => {
    const res = await as(modifier).get(`/images/${photos.red.documentId}/original`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="red\.jpg"/);
    expect(Buffer.compare(res.body, bytes.red)).toBe(0);
    const last = (await staffDownloads()).pop();
    expect(last).toMatchObject({
      client: { documentId: rhea.documentId },
      image: { documentId: photos.red.documentId },
      details: { what: 'original', staff: { email: modifierEmail } },
    });
  });

  it("hides a note's photo from staff who may not read notes: its original answers 404", async () => {
    const fileId = (await uploadFile(strapi, bytes.green, 'note-photo.jpg')).id;
    const fromNote = await createImage(strapi, {
      fileId,
      clientDocumentId: rhea.documentId,
      takenAt: '2026-04-02T11:00:00.000Z',
      source: 'client-note',
      sourceRef: 'client-note:x',
    });
    expect((await as(modifier).get(`/images/${fromNote.documentId}/original`)).status).toBe(404);
    expect((await as(modifier).get('/images/no-such-photo/original')).status).toBe(404);
    await strapi.db.query(IMAGE).delete({ where: { documentId: fromNote.documentId } });
  });

  it('makes a comparison JPEG as wide as asked, with the photos left to right in the order sent', async () => {
    const res = await as(modifier).postBinary('/comparisons/download', { imageIds: [photos.blue.documentId, photos.red.documentId], width: 2048 });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="comparison-2048\.jpg"/);
    const meta = await sharp(res.body).metadata();
    expect([meta.format, meta.width]).toEqual(['jpeg', 2048]);
    // Blue is a portrait (2:3) and red a landscape (3:2), so blue's panel is the narrower: under a third of the row.
    const row = (meta.height as number) - Math.max(40, Math.round(2048 / 40));
    expect(await colourAt(res.body, 100, row / 2)).toBe('blue');
    expect(await colourAt(res.body, 2048 - 100, row / 2)).toBe('red');
    expect(await colourAt(res.body, 2048 * 0.35, row / 2)).toBe('red');
    // The caption strip runs under the photos.
    expect(await colourAt(res.body, 5, (meta.height as number) - 3)).toBe('dark');

    const swapped = await as(modifier).postBinary('/comparisons/download', {
      imageIds: [photos.red.documentId, photos.green.documentId, photos.blue.documentId],
      width: 4096,
    });
    expect(swapped.status).toBe(200);
    const wide = await sharp(swapped.body).metadata();
    expect(wide.width).toBe(4096);
    const middle = ((wide.height as number) - Math.round(4096 / 40)) / 2;
    expect([await colourAt(swapped.body, 50, middle), await colourAt(swapped.body, 2048, middle), await colourAt(swapped.body, 4096 - 50, middle)]).toEqual([
      'red',
      'green',
      'blue',
    ]);

    // The admin panel downloads it as a file with a GET naming the same photos.
    const viaGet = await as(modifier).get(`/comparisons/download?imageIds=${photos.blue.documentId},${photos.red.documentId}&width=2048`);
    expect([viaGet.status, (await sharp(viaGet.body).metadata()).width, await colourAt(viaGet.body, 100, row / 2)]).toEqual([200, 2048, 'blue']);
    expect((await as(viewer).get(`/comparisons/download?imageIds=${photos.blue.documentId},${photos.red.documentId}`)).status).toBe(403);
    expect((await as(modifier).get(`/comparisons/download?imageIds=${photos.blue.documentId}`)).status).toBe(400);

    const [first, second] = (await staffDownloads()).slice(-3, -1);
    expect(first).toMatchObject({
      client: { documentId: rhea.documentId },
      details: { what: 'comparison', width: 2048, images: [photos.blue.documentId, photos.red.documentId] },
    });
    expect(second.details).toMatchObject({ what: 'comparison', width: 4096, staff: { email: modifierEmail } });
  });

  it('refuses a bad comparison with a clear 4xx, leaving no record, no photo and no temp file', async () => {
    const [events, images, temps] = [(await staffDownloads()).length, await imageCount(), tempDirs()];
    const cases: Array<[object, number, RegExp]> = [
      [{ imageIds: [photos.red.documentId], width: 2048 }, 400, /imageIds/],
      [{ imageIds: [photos.red.documentId, photos.blue.documentId], width: 1000 }, 400, /width/],
      [{ imageIds: [photos.red.documentId, photos.blue.documentId], width: 2048, extra: 1 }, 400, /extra|Unrecognized/],
      [{ imageIds: [photos.red.documentId, photos.red.documentId], width: 2048 }, 400, /named twice/],
      [{ imageIds: [photos.red.documentId, photos.others.documentId], width: 2048 }, 400, /one client/],
      [{ imageIds: [photos.red.documentId, 'no-such-photo'], width: 2048 }, 404, /Image not found/],
    ];
    for (const [body, status, message] of cases) {
      for (const path of ['/comparisons/download', '/comparisons']) {
        const res = await as(modifier).post(path, body);
        expect([path, res.status]).toEqual([path, status]);
        expect(JSON.stringify(res.body.error)).toMatch(message);
      }
    }
    expect((await staffDownloads()).length).toBe(events);
    expect(await imageCount()).toBe(images);
    expect(tempDirs()).toEqual(temps);
  });

  it('saves a comparison as a photo of the client (source "comparison") that a shared gallery delivers like any photo', async () => {
    const body = { imageIds: [photos.red.documentId, photos.blue.documentId], width: 2048, label: 'Before and after' };
    const saved = await as(modifier).post('/comparisons', body);
    expect(saved.status).toBe(201);
    expect(saved.body.data).toMatchObject({ source: 'comparison', label: 'Before and after', width: 2048, markupOf: null });
    const documentId = saved.body.data.documentId;
    const listed = await as(viewer).get(`/clients/${rhea.documentId}/images`);
    expect(JSON.parse(listed.body.toString()).results.map((image: { documentId: string }) => image.documentId)).toContain(documentId);
    // Saving the same comparison again finds the photo already kept.
    const again = await as(modifier).post('/comparisons', body);
    expect([again.status, again.body.data.documentId]).toEqual([200, documentId]);

    const gallery = await as(modifier).post(`/clients/${rhea.documentId}/galleries`, { title: 'Results', imageIds: [documentId] });
    expect(gallery.status).toBe(201);
    await as(modifier).post(`/galleries/${gallery.body.data.documentId}/publish`);
    const { token } = await makeLink(strapi, gallery.body.data.documentId, { recipientEmail: 'rhea@client.test' });
    const visible = await http().get(`/api/share/${token}/images`);
    expect(visible.body.data.map((image: { id: string }) => image.id)).toEqual([documentId]);
  });

  it('deletes a saved comparison with its stored file', async () => {
    const saved = await as(modifier).post('/comparisons', { imageIds: [photos.green.documentId, photos.blue.documentId], width: 2048 });
    expect(saved.status).toBe(201);
    const row = await strapi.db.query(IMAGE).findOne({ where: { documentId: saved.body.data.documentId }, populate: { file: { select: ['id'] } } });
    expect((await http().delete(`/client-gallery/images/${saved.body.data.documentId}`).set('Authorization', `Bearer ${modifier}`)).status).toBe(204);
    expect(await strapi.db.query('plugin::upload.file').findOne({ where: { id: row.file.id } })).toBeNull();
  });

  it('keeps RSS growth under 300 MB for a 4096-px comparison of two 24 MP photos', async () => {
    const camera = (seed: number) =>
      sharp({
        create: { width: 6000, height: 4000, channels: 3, background: seed === 1 ? '#c03030' : '#3030c0', noise: { type: 'gaussian', mean: 128, sigma: 30 } },
      })
        .jpeg({ quality: 90 })
        .toBuffer();
    const big = [
      await ingestPhoto(strapi, rhea.documentId, await camera(1), 'big-1.jpg'),
      await ingestPhoto(strapi, rhea.documentId, await camera(2), 'big-2.jpg'),
    ];
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const started = Date.now();
    const res = await as(modifier).postBinary('/comparisons/download', { imageIds: big.map((image) => image.documentId), width: 4096 });
    const elapsed = Date.now() - started;
    lag.disable();
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(res.status).toBe(200);
    expect((await sharp(res.body).metadata()).width).toBe(4096);
    const growthMb = (peak - baseline) / 2 ** 20;
    // Reported for the memory criterion (the test process is the server).
    console.log(
      `comparison 4096 px of two 24 MP photos: RSS growth ${growthMb.toFixed(1)} MB, ${elapsed} ms, longest event-loop delay ${(lag.max / 1e6).toFixed(0)} ms`,
    );
    expect(growthMb).toBeLessThan(300);
  });
});

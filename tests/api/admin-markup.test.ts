import fs from 'fs';
import os from 'os';
import request from 'supertest';
import sharp from 'sharp';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import { binary, ingestPhoto, inspectZip } from '../helpers/downloads';
import { makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, type TestSmtp } from '../helpers/smtp';

/**
 * Markup (Modify client gallery): layers drawn over a photo in image-relative coordinates, kept as
 * a draft that is never a gallery image, then submitted as one final image at full resolution,
 * paired with its original. Editing a submitted markup starts from its layers.
 */
const IMAGE = 'plugin::client-gallery.gallery-image';
const DRAFT = 'plugin::client-gallery.markup-draft';
const GALLERY = 'plugin::client-gallery.gallery';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let viewer: string;
let modifier: string;
let mia: { documentId: string };
let original: { documentId: string };
let plain: { documentId: string };
let gallery: { documentId: string };
let token: string;

const http = () => request(strapi.server.httpServer);
const as = (bearer: string) => ({
  get: (path: string) => http().get(`/client-gallery${path}`).set('Authorization', `Bearer ${bearer}`),
  put: (path: string, body: object) => http().put(`/client-gallery${path}`).set('Authorization', `Bearer ${bearer}`).send(body),
  post: (path: string, body: object) => http().post(`/client-gallery${path}`).set('Authorization', `Bearer ${bearer}`).send(body),
  delete: (path: string) => http().delete(`/client-gallery${path}`).set('Authorization', `Bearer ${bearer}`),
});
/** A green box over the middle of the photo, and a red pen stroke along its top. */
const LAYERS = [
  { tool: 'rect', from: [0.25, 0.25], to: [0.75, 0.75], colour: '#00ff00', width: 0.02 },
  {
    tool: 'pen',
    points: [
      [0.1, 0.05],
      [0.5, 0.05],
      [0.9, 0.05],
    ],
    colour: '#ff0000',
    width: 0.02,
  },
];
const seenMails = new Set<unknown>();
const drafts = () => strapi.db.query(DRAFT).count({});
const images = () => strapi.db.query(IMAGE).count({});
const tempDirs = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('client-gallery-markup-') || name.startsWith('client-gallery-source-'));

/** Everything a draft must never show in: the admin listing and counts, the visitor's page and count, and a zip. */
async function everywhereSeen() {
  const listing = await as(viewer).get(`/clients/${mia.documentId}/images`);
  const client = await as(viewer).get(`/clients/${mia.documentId}`);
  const galleries = await as(viewer).get(`/clients/${mia.documentId}/galleries`);
  const visitor = await http().get(`/api/share/${token}/images`);
  return {
    listing: listing.body.results.map((image: { documentId: string; markupOf: string | null }) => [image.documentId, image.markupOf]),
    clientCount: client.body.data.imageCount,
    galleryCount: galleries.body.data.find((g: { documentId: string }) => g.documentId === gallery.documentId).imageCount,
    visitor: visitor.body.data.map((image: { id: string }) => image.id),
  };
}

/** A whole-gallery package for the visitor: the count it was made for, and the zip's entries. */
async function zipNames(): Promise<{ count: number; names: string[] }> {
  const email = 'mia@client.test';
  const res = await http().post(`/api/share/${token}/packages`).send({ resolution: 'web' });
  expect(res.status).toBe(202);
  const ready = await smtp.waitFor((m) => m.to.includes(email) && /ready/.test(m.subject) && !seenMails.has(m));
  seenMails.add(ready);
  const url = /http:\/\/127\.0\.0\.1\/api\/packages\/(\S+)/.exec(ready.text)![1];
  const zip = await http()
    .get(`/api/packages/${url}`)
    .buffer(true)
    .parse(binary as any);
  const archive = inspectZip(zip.body);
  try {
    return { count: res.body.data.imageCount, names: archive.names };
  } finally {
    archive.cleanup();
  }
}

/** The colour at image-relative (x, y), as its strongest channel. */
async function colourAt(jpeg: Buffer, x: number, y: number) {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const i = (Math.round(y * (info.height - 1)) * info.width + Math.round(x * (info.width - 1))) * info.channels;
  const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
  return r > 180 && g < 90 && b < 90 ? 'red' : g > 180 && r < 90 && b < 90 ? 'green' : b > 150 && r < 90 && g < 90 ? 'blue' : `rgb(${r},${g},${b})`;
}

async function storedBytes(documentId: string): Promise<Buffer> {
  const row = await strapi.db.query(IMAGE).findOne({ where: { documentId }, populate: { file: true } });
  const chunks: Buffer[] = [];
  for await (const chunk of await strapi.plugin('client-gallery').service('storage').openRead(row.file)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi('admin-markup', smtpEnv(smtp, { PUBLIC_URL: 'http://127.0.0.1' }));
  strapi = booted.strapi;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer')).token;
  modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
  mia = await createClient(strapi, 'Mia Markup');
  const blue = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#0000e0' } })
    .jpeg({ quality: 92 })
    .toBuffer();
  const grey = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#777777' } })
    .jpeg()
    .toBuffer();
  original = await ingestPhoto(strapi, mia.documentId, blue, 'consultation.jpg', 'Left cheek');
  plain = await ingestPhoto(strapi, mia.documentId, grey, 'other.jpg');
  const created = await strapi
    .documents(GALLERY)
    .create({ data: { title: 'Treatment', client: mia.documentId, images: [original.documentId, plain.documentId], stage: 'ready' } as any });
  await strapi.documents(GALLERY).publish({ documentId: created.documentId });
  gallery = { documentId: created.documentId };
  token = (await makeLink(strapi, gallery.documentId, { recipientEmail: 'mia@client.test', downloadsEnabled: true, resolutions: ['web'], watermark: false }))
    .token;
}, 180000);

afterAll(async () => {
  await strapi?.service('plugin::client-gallery.download-package').settled();
  await booted?.stop();
  await smtp?.stop();
});

describe('markup', () => {
  it('answers anonymous with 401 and View-only staff with 403 on every markup route, keeping nothing', async () => {
    const path = `/images/${original.documentId}/markup`;
    const calls = [
      (c: ReturnType<typeof as>) => c.get(path),
      (c: ReturnType<typeof as>) => c.put(`${path}/draft`, { layers: LAYERS }),
      (c: ReturnType<typeof as>) => c.delete(`${path}/draft`),
      (c: ReturnType<typeof as>) => c.post(path, { layers: LAYERS }),
    ];
    for (const call of calls) {
      expect((await call(as('not-a-token'))).status).toBe(401);
      expect((await call(as(viewer))).status).toBe(403);
    }
    expect([await drafts(), await images()]).toEqual([0, 2]);
  });

  it('refuses undrawable layers and an empty submit with 400, an unknown photo with 404, leaving no draft, image or temp file', async () => {
    const temps = tempDirs();
    const path = `/images/${original.documentId}/markup`;
    const bad = [
      { layers: [{ tool: 'line', from: [0, 0], to: [640, 480], colour: '#ff0000', width: 0.01 }] },
      { layers: [{ tool: 'spray' }] },
      { layers: 'x' },
      {},
    ];
    for (const body of bad) {
      expect((await as(modifier).put(`${path}/draft`, body)).status).toBe(400);
      expect((await as(modifier).post(path, body)).status).toBe(400);
    }
    const empty = await as(modifier).post(path, { layers: [] });
    expect([empty.status, empty.body.error.message]).toEqual([400, 'A markup needs at least one layer']);
    expect((await as(modifier).put('/images/no-such-photo/markup/draft', { layers: LAYERS })).status).toBe(404);
    expect((await as(modifier).post('/images/no-such-photo/markup', { layers: LAYERS })).status).toBe(404);
    expect([await drafts(), await images()]).toEqual([0, 2]);
    expect(tempDirs()).toEqual(temps);
  });

  it('keeps a draft that the editor reopens, and that never appears to a visitor, in a count, in a listing or in a zip', async () => {
    const before = await everywhereSeen();
    const zipBefore = await zipNames();
    expect(before.visitor).toHaveLength(2);
    expect(zipBefore.count).toBe(2);
    expect(zipBefore.names).toHaveLength(2);

    const saved = await as(modifier).put(`/images/${original.documentId}/markup/draft`, { layers: LAYERS });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ original: original.documentId, base: null, draft: true, layers: LAYERS });
    // Saving again replaces the draft: one per photo.
    await as(modifier).put(`/images/${original.documentId}/markup/draft`, { layers: LAYERS.slice(0, 1) });
    await as(modifier).put(`/images/${original.documentId}/markup/draft`, { layers: LAYERS });
    expect(await drafts()).toBe(1);
    const reopened = await as(modifier).get(`/images/${original.documentId}/markup`);
    expect(reopened.body.data).toMatchObject({ draft: true, layers: LAYERS });

    expect(await everywhereSeen()).toEqual(before);
    expect(await zipNames()).toEqual(zipBefore);
    expect(await images()).toBe(2);
  });

  it('submits one final image at full resolution, paired with its original, and discards the draft', async () => {
    const res = await as(modifier).post(`/images/${original.documentId}/markup`, { layers: LAYERS });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ markupOf: original.documentId, width: 1200, height: 800, label: 'Left cheek', source: 'upload' });
    const markup = res.body.data.documentId;
    expect([await drafts(), await images()]).toEqual([0, 3]);

    const bytes = await storedBytes(markup);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 1200, height: 800 });
    expect(await colourAt(bytes, 0.25, 0.5)).toBe('green'); // the box's left edge
    expect(await colourAt(bytes, 0.5, 0.05)).toBe('red'); // the pen stroke
    expect(await colourAt(bytes, 0.5, 0.5)).toBe('blue'); // the photo itself, inside the box
    expect(await colourAt(await storedBytes(original.documentId), 0.25, 0.5)).toBe('blue'); // the original is untouched

    // The listing shows the pair side by side: same date, the markup names its original.
    const listing = (await as(viewer).get(`/clients/${mia.documentId}/images`)).body.results.map((i: any) => [i.documentId, i.markupOf]);
    const at = listing.findIndex(([id]: string[]) => id === original.documentId);
    expect(listing).toContainEqual([markup, original.documentId]);
    expect(Math.abs(listing.findIndex(([id]: string[]) => id === markup) - at)).toBe(1);
    expect((await as(modifier).get(`/images/${original.documentId}/markup`)).body.data).toMatchObject({ draft: false, base: null, layers: [] });
  });

  it('edits a submitted markup from its layers and submits a new version of the same original', async () => {
    const first = (await as(viewer).get(`/clients/${mia.documentId}/images`)).body.results.find((i: any) => i.markupOf === original.documentId).documentId;
    const opened = await as(modifier).get(`/images/${first}/markup`);
    expect(opened.body.data).toEqual({ original: original.documentId, base: first, layers: LAYERS, draft: false, updatedAt: null });

    const edited = [...LAYERS, { tool: 'text', at: [0.05, 0.85], text: 'Day 14', colour: '#ffffff', width: 0.05 }];
    const draft = await as(modifier).put(`/images/${first}/markup/draft`, { layers: edited });
    expect(draft.body.data).toMatchObject({ original: original.documentId, base: first, draft: true, layers: edited });
    const submitted = await as(modifier).post(`/images/${first}/markup`, { layers: edited });
    expect(submitted.status).toBe(201);
    expect(submitted.body.data.markupOf).toBe(original.documentId);
    expect(submitted.body.data.documentId).not.toBe(first);
    expect([await drafts(), await images()]).toEqual([0, 4]);
  });

  it('discards a draft on request, and a deleted photo takes its draft with it', async () => {
    await as(modifier).put(`/images/${plain.documentId}/markup/draft`, { layers: LAYERS });
    expect((await as(modifier).delete(`/images/${plain.documentId}/markup/draft`)).status).toBe(204);
    expect(await drafts()).toBe(0);
    await as(modifier).put(`/images/${plain.documentId}/markup/draft`, { layers: LAYERS });
    expect(await drafts()).toBe(1);
    expect((await as(modifier).delete(`/images/${plain.documentId}`)).status).toBe(204);
    expect(await drafts()).toBe(0);
  });
});

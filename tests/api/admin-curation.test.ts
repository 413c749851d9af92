import fs from 'fs';
import { request as httpRequest } from 'http';
import request from 'supertest';
import { adminApi } from '../helpers/http';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, makeJpeg } from '../helpers/fixtures';
import { binary, ingestPhoto, inspectZip } from '../helpers/downloads';
import { makeLink } from '../helpers/share';
import { acceptedByEveryTool, withArchive } from '../helpers/zip-tools';

/**
 * Curation after a gallery is made (Modify client gallery): add, remove and reorder its photos,
 * choose its cover, duplicate and delete it; and the Photos page's actions on several photos at
 * once. What a visitor sees changes at once.
 */
const IMAGE = 'plugin::client-gallery.gallery-image';
const GALLERY = 'plugin::client-gallery.gallery';
const LINK = 'plugin::client-gallery.share-link';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let viewer: string;
let modifier: string;
let cara: { documentId: string };
let other: { documentId: string };
let p: string[];
let foreign: string;
let originals: Map<string, Buffer>;

const http = () => request(strapi.server.httpServer);
const as = (token: string) => adminApi(strapi, token);

/** A published gallery of these photos with a private link; returns its documentId and the link's token. */
async function sharedGallery(title: string, imageIds: string[]) {
  const made = await as(modifier).post(`/clients/${cara.documentId}/galleries`, { title, imageIds, status: 'ready' });
  expect(made.status).toBe(201);
  const documentId = made.body.data.documentId;
  await as(modifier).post(`/galleries/${documentId}/publish`);
  const { token } = await makeLink(strapi, documentId, { recipientEmail: `${title.toLowerCase().replace(/\W+/g, '-')}@client.test` });
  return { documentId, token };
}
const visitorSees = async (token: string) => (await http().get(`/api/share/${token}/images`)).body.data.map((image: { id: string }) => image.id);
const order = async (documentId: string) => (await as(viewer).get(`/galleries/${documentId}/images`)).body.data;

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer')).token;
  modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
  cara = await createClient(strapi, 'Cara Curate');
  other = await createClient(strapi, 'Otto Other');
  originals = new Map();
  p = [];
  for (let i = 0; i < 5; i += 1) {
    const bytes = await makeJpeg(20 + i, 120, 80);
    const { documentId } = await ingestPhoto(strapi, cara.documentId, bytes, `photo-${i + 1}.jpg`);
    originals.set(documentId, bytes);
    p.push(documentId);
  }
  foreign = (await ingestPhoto(strapi, other.documentId, await makeJpeg(99), 'foreign.jpg')).documentId;
}, 120000);


describe('gallery curation', () => {
  it('answers anonymous with 401 and View-only staff with 403 on every curation and batch route, changing nothing', async () => {
    const { documentId, token } = await sharedGallery('Guarded', [p[0], p[1]]);
    const routes: Array<['post' | 'put' | 'delete', string, object?]> = [
      ['post', `/galleries/${documentId}/images`, { imageIds: [p[2]] }],
      ['post', `/galleries/${documentId}/images/remove`, { imageIds: [p[0]] }],
      ['put', `/galleries/${documentId}/images`, { imageIds: [p[1], p[0]] }],
      ['put', `/galleries/${documentId}/cover`, { imageId: p[1] }],
      ['post', `/galleries/${documentId}/duplicate`, {}],
      ['delete', `/galleries/${documentId}`],
      ['post', '/images/batch/label', { imageIds: [p[0]], label: 'Nope' }],
      ['post', '/images/batch/delete', { imageIds: [p[0]] }],
      ['post', '/images/batch/add-to-gallery', { imageIds: [p[2]], galleryId: documentId }],
      ['post', '/images/batch/zip', { imageIds: [p[0]] }],
    ];
    const galleries = await strapi.db.query(GALLERY).count({});
    for (const [method, path, body] of routes) {
      const anonymous = method === 'delete' ? http().delete(`/client-gallery${path}`) : http()[method](`/client-gallery${path}`).send(body);
      expect([path, (await anonymous).status]).toEqual([path, 401]);
      const refused = method === 'delete' ? await as(viewer).delete(path) : await as(viewer)[method](path, body);
      expect([path, refused.status]).toEqual([path, 403]);
    }
    expect(await visitorSees(token)).toEqual([p[0], p[1]]);
    expect(await strapi.db.query(GALLERY).count({})).toBe(galleries);
    expect(await strapi.db.query(IMAGE).count({ where: { label: 'Nope' } })).toBe(0);
  });

  it('adds photos at the end and removes them; the visitor sees each change at once, and a removed cover passes on', async () => {
    const { documentId, token } = await sharedGallery('Growing', [p[0]]);
    const added = await as(modifier).post(`/galleries/${documentId}/images`, { imageIds: [p[2], p[1], p[0]] });
    expect([added.status, added.body.data.imageCount]).toEqual([200, 3]);
    expect(await visitorSees(token)).toEqual([p[0], p[2], p[1]]);

    const refused = await as(modifier).post(`/galleries/${documentId}/images`, { imageIds: [p[3], foreign] });
    expect([refused.status, refused.body.error.message]).toEqual([400, "1 of the photos are not this client's"]);
    expect(await visitorSees(token)).toEqual([p[0], p[2], p[1]]);

    const removed = await as(modifier).post(`/galleries/${documentId}/images/remove`, { imageIds: [p[0]] });
    expect(removed.body.data.imageCount).toBe(2);
    expect(await visitorSees(token)).toEqual([p[2], p[1]]);
    const share = await http().get(`/api/share/${token}`);
    const first = (await http().get(`/api/share/${token}/images`)).body.data[0];
    expect(share.body.data.cover.thumbUrl).toBe(first.thumbUrl);
    // The photo left the gallery, not the client.
    expect(await strapi.db.query(IMAGE).count({ where: { documentId: p[0] } })).toBe(1);
  });

  it('reorders by the full new order and sets the cover; both reach the public page at once', async () => {
    const { documentId, token } = await sharedGallery('Ordered', [p[0], p[1], p[2]]);
    const reordered = await as(modifier).put(`/galleries/${documentId}/images`, { imageIds: [p[2], p[0], p[1]] });
    expect([reordered.status, reordered.body.data]).toEqual([200, [p[2], p[0], p[1]]]);
    expect(await visitorSees(token)).toEqual([p[2], p[0], p[1]]);

    for (const imageIds of [
      [p[2], p[0]],
      [p[2], p[0], p[1], p[3]],
      [p[2], p[0], p[0]],
    ]) {
      const bad = await as(modifier).put(`/galleries/${documentId}/images`, { imageIds });
      expect([bad.status, bad.body.error.message]).toEqual([400, 'Name every photo of the gallery exactly once, in the new order']);
    }
    expect(await order(documentId)).toEqual([p[2], p[0], p[1]]);

    const page = (await http().get(`/api/share/${token}/images`)).body.data;
    const thumbOf = (id: string) => page.find((image: { id: string }) => image.id === id).thumbUrl;
    expect((await http().get(`/api/share/${token}`)).body.data.cover.thumbUrl).toBe(thumbOf(p[0]));
    expect((await as(modifier).put(`/galleries/${documentId}/cover`, { imageId: p[1] })).status).toBe(200);
    expect((await http().get(`/api/share/${token}`)).body.data.cover.thumbUrl).toBe(thumbOf(p[1]));
    const outside = await as(modifier).put(`/galleries/${documentId}/cover`, { imageId: p[4] });
    expect([outside.status, outside.body.error.message]).toEqual([400, "The cover must be one of the gallery's photos"]);
    expect((await http().get(`/api/share/${token}`)).body.data.cover.thumbUrl).toBe(thumbOf(p[1]));
  });

  it('duplicates a gallery unpublished, with its photos in order, its cover and its proofing options, and no links', async () => {
    const { documentId } = await sharedGallery('Original', [p[3], p[1]]);
    await as(modifier).put(`/galleries/${documentId}/cover`, { imageId: p[1] });
    const options = { selectionAllowed: true, selectionMax: 5, commentsAllowed: true, reviewEnabled: true, filtersEnabled: true, remindersEnabled: false, reminderDays: [4] };
    await strapi.db.query(GALLERY).updateMany({ where: { documentId }, data: options });
    const copy = await as(modifier).post(`/galleries/${documentId}/duplicate`);
    expect(copy.status).toBe(201);
    expect(copy.body.data).toMatchObject({ title: 'Original (copy)', published: false, status: 'ready', imageCount: 2 });
    const copyId = copy.body.data.documentId;
    expect(await order(copyId)).toEqual([p[3], p[1]]);
    const draft = await strapi.db.query(GALLERY).findOne({ where: { documentId: copyId, publishedAt: null }, populate: { cover: { select: ['documentId'] } } });
    expect(draft.cover.documentId).toBe(p[1]);
    expect(draft).toMatchObject(options);
    expect(await strapi.db.query(LINK).count({ where: { gallery: { documentId: copyId } } })).toBe(0);
  });

  it("deletes a gallery with its links; its photos stay the client's, and an unknown gallery answers 404", async () => {
    const { documentId, token } = await sharedGallery('Doomed', [p[0], p[1]]);
    expect((await as(modifier).delete(`/galleries/${documentId}`)).status).toBe(204);
    expect(await strapi.db.query(GALLERY).count({ where: { documentId } })).toBe(0);
    expect(await strapi.db.query(LINK).count({ where: { gallery: { documentId } } })).toBe(0);
    expect((await http().get(`/api/share/${token}`)).status).toBe(404);
    expect(await strapi.db.query(IMAGE).count({ where: { documentId: { $in: [p[0], p[1]] } } })).toBe(2);
    expect((await as(modifier).delete(`/galleries/${documentId}`)).status).toBe(404);
    expect((await as(modifier).put(`/galleries/no-such-gallery/images`, { imageIds: [p[0]] })).status).toBe(404);
  });
});

describe('photo batches', () => {
  it('sets and clears a label on several photos; one unknown or foreign photo changes none', async () => {
    const labelled = await as(modifier).post('/images/batch/label', { imageIds: [p[0], p[1]], label: ' Session 2 ' });
    expect(labelled.body.data).toEqual({ updated: 2 });
    expect((await strapi.db.query(IMAGE).findMany({ where: { label: 'Session 2' }, select: ['documentId'] })).map((r: any) => r.documentId).sort()).toEqual(
      [p[0], p[1]].sort(),
    );
    expect((await as(modifier).post('/images/batch/label', { imageIds: [p[2], 'no-such-photo'], label: 'X' })).status).toBe(404);
    expect((await as(modifier).post('/images/batch/label', { imageIds: [p[2], foreign], label: 'X' })).status).toBe(400);
    expect((await as(modifier).post('/images/batch/label', { imageIds: [], label: 'X' })).status).toBe(400);
    expect(await strapi.db.query(IMAGE).count({ where: { label: 'X' } })).toBe(0);
    await as(modifier).post('/images/batch/label', { imageIds: [p[0], p[1]], label: null });
    expect(await strapi.db.query(IMAGE).count({ where: { label: 'Session 2' } })).toBe(0);
  });

  it('adds several photos to a gallery', async () => {
    const { documentId, token } = await sharedGallery('Batch target', [p[4]]);
    const res = await as(modifier).post('/images/batch/add-to-gallery', { imageIds: [p[1], p[0]], galleryId: documentId });
    expect([res.status, res.body.data.imageCount]).toEqual([200, 3]);
    expect(await visitorSees(token)).toEqual([p[4], p[1], p[0]]);
  });

  it('downloads several originals as one zip, byte for byte, recorded as a staff download', async () => {
    const res = await http()
      .post('/client-gallery/images/batch/zip')
      .set('Authorization', `Bearer ${modifier}`)
      .send({ imageIds: [p[0], p[1], p[2]] })
      .buffer(true)
      .parse(binary as any);
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/zip']);
    const archive = inspectZip(res.body);
    try {
      expect(archive.test).toMatch(/No errors detected/);
      expect(archive.names).toEqual(['photo-1.jpg', 'photo-2.jpg', 'photo-3.jpg']);
      archive.names.forEach((name, i) => expect(archive.read(name).equals(originals.get(p[i])!)).toBe(true));
    } finally {
      archive.cleanup();
    }
    const event = await strapi.db.query('plugin::client-gallery.activity-event').findOne({ where: { type: 'staff-download' }, orderBy: { id: 'desc' } });
    expect(event.details).toMatchObject({ what: 'zip', images: [p[0], p[1], p[2]] });
  });

  /** POST the staff zip of `imageIds`: the status (0: the connection dropped before one), the bytes that arrived, and whether the transfer ended cleanly. */
  const staffZip = (imageIds: string[]) =>
    new Promise<{ status: number; body: Buffer; complete: boolean }>((resolve) => {
      const headers = { Authorization: `Bearer ${modifier}`, 'Content-Type': 'application/json' };
      const req = httpRequest(new URL('/client-gallery/images/batch/zip', booted.baseUrl), { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => undefined); // a cut-off transfer: told by `complete` below
        res.on('close', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), complete: res.complete }));
      });
      req.on('error', () => resolve({ status: 0, body: Buffer.alloc(0), complete: false }));
      req.end(JSON.stringify({ imageIds }));
    });
  /** A new photo of Cara's whose media-library name is `name`, and its bytes. */
  const photoNamed = async (seed: number, name: string) => {
    const bytes = await makeJpeg(seed, 64, 48);
    const { documentId } = await ingestPhoto(strapi, cara.documentId, bytes, `seed-${seed}.jpg`);
    const image = await strapi.db.query(IMAGE).findOne({ where: { documentId }, populate: { file: { select: ['id', 'hash', 'ext'] } } });
    await strapi.db.query('plugin::upload.file').update({ where: { id: image.file.id }, data: { name } });
    return { documentId, bytes, file: image.file as { hash: string; ext: string } };
  };

  it('names the zip entries safely and once each (case-insensitively), and unzip, 7-Zip and Python accept it', async () => {
    const photos = [
      await photoNamed(80, 'Same.jpg'),
      await photoNamed(81, 'same.JPG'),
      await photoNamed(82, '../..\\etc/passwd\u202Egpj.exe'),
      await photoNamed(83, 'CON'),
    ];
    const res = await staffZip(photos.map((photo) => photo.documentId));
    expect([res.status, res.complete]).toEqual([200, true]);
    const names = ['Same.jpg', 'same (2).jpg', 'etc passwdgpj.jpg', 'photo-CON.jpg'];
    withArchive(res.body, (file) => acceptedByEveryTool(file, photos.map((photo, i) => [names[i], photo.bytes])));
  });

  it('cuts the zip off, rather than end it cleanly, when an original is found missing midway', async () => {
    const kept = await photoNamed(84, 'kept.jpg');
    const lost = await photoNamed(85, 'lost.jpg');
    const opened = await (strapi.plugin('upload').provider as any).open(`${lost.file.hash}${lost.file.ext}`);
    fs.rmSync(opened.absolutePath);
    const res = await staffZip([kept.documentId, lost.documentId]);
    expect([[0, 200].includes(res.status), res.complete]).toEqual([true, false]);
  });

  it('deletes several photos with their files, and they leave every gallery', async () => {
    const doomed: string[] = [];
    for (const seed of [70, 71]) doomed.push((await ingestPhoto(strapi, cara.documentId, await makeJpeg(seed), `doomed-${seed}.jpg`)).documentId);
    const { documentId, token } = await sharedGallery('Shrinking', [doomed[0], p[0], doomed[1]]);
    expect((await as(modifier).post('/images/batch/delete', { imageIds: [doomed[0], 'no-such-photo'] })).status).toBe(404);
    expect(await strapi.db.query(IMAGE).count({ where: { documentId: { $in: doomed } } })).toBe(2);
    const res = await as(modifier).post('/images/batch/delete', { imageIds: doomed });
    expect([res.status, res.body.data]).toEqual([200, { deleted: 2 }]);
    expect(await strapi.db.query(IMAGE).count({ where: { documentId: { $in: doomed } } })).toBe(0);
    expect(await visitorSees(token)).toEqual([p[0]]);
    expect(await order(documentId)).toEqual([p[0]]);
  });
});

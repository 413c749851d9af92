import { IncomingMessage, ServerResponse } from 'http';
import { Socket } from 'net';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createApiToken, createSuperAdmin } from '../helpers/admin';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { galleryImageIds, makeGallery, makeLink, stringsIn } from '../helpers/share';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';

/**
 * The studio's REST side and what visitors' JSON carries, as a hostile tester found them: read-only
 * routes that answered 500, photos made without ingest, one bad row sinking a listing, cacheable
 * answers with signed URLs, and secrets shown to Content Manager editors.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let apiToken: string;
let admin: string;
let fileId: number;
const http = () => request(strapi.server.httpServer);
const IMAGE = 'plugin::client-gallery.gallery-image';

beforeAll(async () => {
  // In its own sandbox: it watches what Koa prints with a spy on this file's console.
  booted = await bootStrapi('rest-hardening', { STUDIO_NOTIFY_EMAIL: '', OUTBOX_DIR: '.tmp/outbox-rest-hardening' }, { inSandbox: true });
  strapi = booted.strapi;
  apiToken = await createApiToken(strapi);
  admin = (await createSuperAdmin(strapi)).token;
  fileId = (await uploadFile(strapi, await makeJpeg(51), 'rest.jpg')).id;
});

afterAll(async () => {
  await booted?.stop();
});

describe('studio REST', () => {
  it('lists and reads download packages without their secrets', async () => {
    const { gallery } = await makeGallery(strapi, 'Packages', fileId, { status: 'ready' });
    const { token } = await makeLink(strapi, gallery.documentId, { recipientEmail: 'pkg@client.test', downloadsEnabled: true, resolutions: ['web'] });
    expect((await http().post(`/api/share/${token}/packages`).send({ resolution: 'web' })).status).toBe(202);
    await strapi.plugin('client-gallery').service('download-package').settled();

    const list = await http().get('/api/download-packages').set('Authorization', `Bearer ${apiToken}`);
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThanOrEqual(1);
    const one = await http().get(`/api/download-packages/${list.body.data[0].documentId}`).set('Authorization', `Bearer ${apiToken}`);
    expect(one.status).toBe(200);
    for (const body of [list.body, one.body]) {
      expect(JSON.stringify(body)).not.toMatch(/tokenHash|preparingSince/);
    }
  });

  it('cannot create a photo: photos come in through ingest only', async () => {
    const before = await strapi.db.query(IMAGE).count();
    const res = await http().post('/api/gallery-images').set('Authorization', `Bearer ${apiToken}`).send({ data: { takenAt: new Date().toISOString(), source: 'upload' } });
    expect([404, 405]).toContain(res.status);
    expect(await strapi.db.query(IMAGE).count()).toBe(before);
  });

  it('edits only a photo\'s label and capture date, and answers without private fields', async () => {
    const { images } = await makeGallery(strapi, 'Edits', fileId);
    const id = images[0].documentId;
    for (const data of [{ checksum: 'x' }, { derivatives: {} }, { source: 'form' }, { label: 'ok', file: fileId }, { takenAt: 'yesterday' }]) {
      const refused = await http().put(`/api/gallery-images/${id}`).set('Authorization', `Bearer ${apiToken}`).send({ data });
      expect({ data, status: refused.status }).toEqual({ data, status: 400 });
    }
    const res = await http().put(`/api/gallery-images/${id}`).set('Authorization', `Bearer ${apiToken}`).send({ data: { label: 'Renamed', takenAt: '2026-01-02T03:04:05.000Z' } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: id, label: 'Renamed' });
    expect(JSON.stringify(res.body)).not.toMatch(/derivatives|dedupeKey/);
    const row = await strapi.db.query(IMAGE).findOne({ where: { documentId: id } });
    expect([row.label, new Date(row.takenAt).toISOString()]).toEqual(['Renamed', '2026-01-02T03:04:05.000Z']);
  });
});

describe('visitor listings', () => {
  it('list a gallery whose one photo has no file, with that photo alone lacking URLs', async () => {
    const { gallery, client } = await makeGallery(strapi, 'Broken row', fileId, { images: 2, publish: false });
    const broken = await strapi.documents(IMAGE).create({ data: { client: client.documentId, takenAt: '2027-01-01T00:00:00.000Z', source: 'upload', derivatives: {} } as any });
    const images = await galleryImageIds(strapi, gallery.documentId);
    await strapi.documents('plugin::client-gallery.gallery').update({ documentId: gallery.documentId, data: { images: [...images, broken.documentId] } as any });
    await strapi.documents('plugin::client-gallery.gallery').publish({ documentId: gallery.documentId });
    const { token } = await makeLink(strapi, gallery.documentId, { recipientEmail: 'broken@client.test' });

    const res = await http().get(`/api/share/${token}/images`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(3);
    const byId = Object.fromEntries(res.body.data.map((image: any) => [image.id, image]));
    expect(byId[broken.documentId].thumbUrl).toBeNull();
    expect(res.body.data.filter((image: any) => image.thumbUrl !== null)).toHaveLength(2);
  });

  it('mark every answer that carries signed URLs or tokens as not cacheable', async () => {
    const { gallery } = await makeGallery(strapi, 'No store', fileId);
    const { token } = await makeLink(strapi, gallery.documentId, { recipientEmail: 'nostore@client.test' });
    for (const path of [`/api/share/${token}`, `/api/share/${token}/images`]) {
      const res = await http().get(path);
      expect({ path, status: res.status, cacheControl: res.headers['cache-control'] }).toEqual({ path, status: 200, cacheControl: 'no-store' });
    }
    const made = await http().post('/api/share-links').set('Authorization', `Bearer ${apiToken}`).send({ data: { gallery: gallery.documentId, kind: 'general' } });
    expect([made.status, made.headers['cache-control']]).toEqual([201, 'no-store']);
  });
});

describe('Content Manager', () => {
  // Share links, packages and grants are not in the Content Manager at all (content-manager-secrets.test.ts).
  it.each(['share-link', 'download-package', 'download-grant'])('has no configuration for %s', async (type) => {
    const res = await http().get(`/content-manager/content-types/plugin::client-gallery.${type}/configuration`).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(404);
  });

  it.each([['gallery-image', ['dedupeKey', 'derivatives']]])('does not show the %s secrets %j to editors', async (type, secrets) => {
    const res = await http().get(`/content-manager/content-types/plugin::client-gallery.${type}/configuration`).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    const shown = stringsIn([res.body.data.contentType.layouts.edit, res.body.data.contentType.layouts.list]);
    for (const secret of secrets) expect({ type, secret, shown: shown.includes(secret) }).toEqual({ type, secret, shown: false });
  });
});

describe('the server log', () => {
  /** What the app's error listeners print (Koa's default writes with console.error) for an error raised on a request's context. */
  function printedFor(error: Error & { code?: string }, clientGone: boolean) {
    const app = (strapi.server as any).app;
    const req = new IncomingMessage(new Socket());
    const res = new ServerResponse(req);
    const ctx = app.createContext(req, res);
    if (clientGone) res.destroy();
    const printed: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    try {
      ctx.onerror(error);
    } finally {
      spy.mockRestore();
    }
    return printed.join('\n');
  }

  it('prints no stack trace when a client hangs up mid-download', () => {
    expect(printedFor(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), true)).toBe('');
  });

  it('still prints real errors, and a reset while the client is still connected', () => {
    expect(printedFor(new Error('disk on fire'), true)).toMatch(/disk on fire/);
    expect(printedFor(Object.assign(new Error('upstream reset'), { code: 'ECONNRESET' }), false)).toMatch(/upstream reset/);
  });
});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, createImage, createImages, makeJpeg, uploadFile } from '../helpers/fixtures';

let booted: BootedStrapi;
let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);

let viewer: string;
let modifier: string;
let noActions: string;
let alice: { documentId: string };
let bob: { documentId: string };
let fileId: number;

beforeAll(async () => {
  booted = await bootStrapi('admin-clients');
  strapi = booted.strapi;
  noActions = (await createAdmin(strapi, [{ action: 'plugin::content-manager.explorer.read', subject: 'plugin::client-gallery.client' }], 'no-actions')).token;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer')).token;
  modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
  fileId = (await uploadFile(strapi, await makeJpeg(1), 'fixture.jpg')).id;
  alice = await createClient(strapi, 'Alice Archer');
  bob = await createClient(strapi, 'Bob Baker');
  await createImages(strapi, alice.documentId, fileId, 5);
});

afterAll(async () => {
  await booted?.stop();
});

describe('client-gallery admin routes', () => {
  describe('RBAC', () => {
    const reads = () => [
      `/client-gallery/clients`,
      `/client-gallery/clients/${alice.documentId}`,
      `/client-gallery/clients/${alice.documentId}/images`,
      `/client-gallery/clients/${alice.documentId}/galleries`,
      `/client-gallery/merges`,
    ];
    const writes = () => [
      { path: '/client-gallery/merges', body: { source: bob.documentId, target: alice.documentId } },
      { path: '/client-gallery/merges/unknown-merge/undo', body: {} },
    ];

    it('answers anonymous requests with 401 (which also proves the built plugin server is loaded)', async () => {
      for (const path of reads()) expect((await http().get(path)).status).toBe(401);
      for (const { path, body } of writes()) expect((await http().post(path).send(body)).status).toBe(401);
    });

    it('answers an admin role without the plugin actions with 403', async () => {
      for (const path of reads()) expect((await http().get(path).set('Authorization', `Bearer ${noActions}`)).status).toBe(403);
      for (const { path, body } of writes()) {
        expect((await http().post(path).set('Authorization', `Bearer ${noActions}`).send(body)).status).toBe(403);
      }
    });

    it('lets "View client gallery" read (200) but not write (403)', async () => {
      for (const path of reads()) expect((await http().get(path).set('Authorization', `Bearer ${viewer}`)).status).toBe(200);
      for (const { path, body } of writes()) {
        expect((await http().post(path).set('Authorization', `Bearer ${viewer}`).send(body)).status).toBe(403);
      }
      const client = await strapi.db.query('plugin::client-gallery.client').findOne({ where: { documentId: bob.documentId }, populate: { mergedInto: true } });
      expect(client.mergedInto).toBeNull();
    });

    it('lets "Modify client gallery" write', async () => {
      const merge = await http()
        .post('/client-gallery/merges')
        .set('Authorization', `Bearer ${modifier}`)
        .send({ source: bob.documentId, target: alice.documentId });
      expect(merge.status).toBe(201);
      const undo = await http().post(`/client-gallery/merges/${merge.body.data.documentId}/undo`).set('Authorization', `Bearer ${modifier}`).send({});
      expect(undo.status).toBe(200);
    });
  });

  describe('GET /clients', () => {
    it('searches by name and paginates', async () => {
      const all = await http().get('/client-gallery/clients?pageSize=1').set('Authorization', `Bearer ${viewer}`);
      expect(all.body.pagination).toMatchObject({ page: 1, pageSize: 1, total: 2, pageCount: 2 });
      expect(all.body.results).toHaveLength(1);
      expect(all.body.results[0]).toMatchObject({ name: 'Alice Archer', imageCount: 5 });

      const second = await http().get('/client-gallery/clients?pageSize=1&page=2').set('Authorization', `Bearer ${viewer}`);
      expect(second.body.results[0].name).toBe('Bob Baker');

      const found = await http().get('/client-gallery/clients?search=baker').set('Authorization', `Bearer ${viewer}`);
      expect(found.body.results.map((c: { name: string }) => c.name)).toEqual(['Bob Baker']);
    });

    it('refuses malformed paging with 400', async () => {
      for (const query of ['page=0', 'pageSize=1000', 'page=abc']) {
        expect((await http().get(`/client-gallery/clients?${query}`).set('Authorization', `Bearer ${viewer}`)).status).toBe(400);
      }
    });
  });

  describe('GET /clients/:documentId/images', () => {
    it('lists newest first, with date and label', async () => {
      const res = await http().get(`/client-gallery/clients/${alice.documentId}/images`).set('Authorization', `Bearer ${viewer}`);
      expect(res.status).toBe(200);
      const dates = res.body.results.map((image: { takenAt: string }) => image.takenAt);
      expect(dates).toEqual([...dates].sort().reverse());
      expect(res.body.results[0]).toMatchObject({ takenAt: '2026-06-01T12:00:00.000Z', label: 'even', source: 'upload' });
      expect(res.body.results[0]).not.toHaveProperty('derivatives');
    });

    it('returns every image exactly once across keyset pages while images are being added', async () => {
      const carol = await createClient(strapi, 'Carol Cooper');
      const initial = await createImages(strapi, carol.documentId, fileId, 12);
      const seen: string[] = [];
      const added: string[] = [];
      let cursor: string | null = null;
      let page = 0;
      do {
        const res = await http()
          .get(`/client-gallery/clients/${carol.documentId}/images`)
          .query({ limit: 5, ...(cursor ? { cursor } : {}) })
          .set('Authorization', `Bearer ${viewer}`);
        expect(res.status).toBe(200);
        seen.push(...res.body.results.map((image: { documentId: string }) => image.documentId));
        cursor = res.body.nextCursor;
        // Between pages: one newer photo arrives, and one older one (an old EXIF date), plus a same-instant twin.
        page += 1;
        const newer = await createImage(strapi, { fileId, clientDocumentId: carol.documentId, takenAt: `2026-07-0${page}T00:00:00.000Z` });
        const older = await createImage(strapi, { fileId, clientDocumentId: carol.documentId, takenAt: `2020-01-0${page}T00:00:00.000Z` });
        added.push(newer.documentId, older.documentId);
      } while (cursor && page < 10);

      expect(new Set(seen).size).toBe(seen.length);
      for (const image of initial) expect(seen).toContain(image.documentId);
      // Older arrivals sort after the cursor and so are picked up; newer ones start a fresh listing.
      const olderAdded = added.filter((_, i) => i % 2 === 1);
      expect(olderAdded.filter((id) => seen.includes(id)).length).toBeGreaterThan(0);
    });

    it('orders photos taken at the same instant by id, so none is lost between pages', async () => {
      const dave = await createClient(strapi, 'Dave Dune');
      const ids: string[] = [];
      for (let i = 0; i < 7; i += 1) ids.push((await createImage(strapi, { fileId, clientDocumentId: dave.documentId, takenAt: '2026-01-01T00:00:00.000Z' })).documentId);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await http().get(`/client-gallery/clients/${dave.documentId}/images`).query({ limit: 3, ...(cursor ? { cursor } : {}) }).set('Authorization', `Bearer ${viewer}`);
        seen.push(...res.body.results.map((image: { documentId: string }) => image.documentId));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...ids].reverse());
    });

    it('never shows markup drafts', async () => {
      const erin = await createClient(strapi, 'Erin Eve');
      const original = await createImage(strapi, { fileId, clientDocumentId: erin.documentId, takenAt: '2026-02-01T00:00:00.000Z' });
      await createImage(strapi, { fileId, clientDocumentId: erin.documentId, takenAt: '2026-02-02T00:00:00.000Z', markupDraft: true });
      const res = await http().get(`/client-gallery/clients/${erin.documentId}/images`).set('Authorization', `Bearer ${viewer}`);
      expect(res.body.results.map((i: { documentId: string }) => i.documentId)).toEqual([original.documentId]);
    });

    it('hides photos from notes, forms and appointments from a viewer who cannot read those records', async () => {
      const fay = await createClient(strapi, 'Fay Field');
      await createImage(strapi, { fileId, clientDocumentId: fay.documentId, takenAt: '2026-03-01T00:00:00.000Z', source: 'upload' });
      await createImage(strapi, { fileId, clientDocumentId: fay.documentId, takenAt: '2026-03-02T00:00:00.000Z', source: 'form', sourceRef: 'form:x' });
      await createImage(strapi, { fileId, clientDocumentId: fay.documentId, takenAt: '2026-03-03T00:00:00.000Z', source: 'client-note', sourceRef: 'client-note:y' });
      const formReader = (
        await createAdmin(strapi, [PLUGIN_ACTIONS.read, { action: 'plugin::content-manager.explorer.read', subject: 'api::form.form' }], 'form-reader')
      ).token;

      const plain = await http().get(`/client-gallery/clients/${fay.documentId}/images`).set('Authorization', `Bearer ${viewer}`);
      expect(plain.body.results.map((i: { source: string }) => i.source)).toEqual(['upload']);
      const withForms = await http().get(`/client-gallery/clients/${fay.documentId}/images`).set('Authorization', `Bearer ${formReader}`);
      expect(withForms.body.results.map((i: { source: string }) => i.source)).toEqual(['form', 'upload']);
    });

    it('answers an unknown client with 404 and a forged cursor or bad limit with 400', async () => {
      const auth = { Authorization: `Bearer ${viewer}` };
      expect((await http().get('/client-gallery/clients/nope/images').set(auth)).status).toBe(404);
      expect((await http().get('/client-gallery/clients/nope').set(auth)).status).toBe(404);
      for (const query of ['cursor=not-a-cursor!', `cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'limit=0', 'limit=5000']) {
        expect((await http().get(`/client-gallery/clients/${alice.documentId}/images?${query}`).set(auth)).status).toBe(400);
      }
    });
  });

  describe('GET /clients/:documentId/galleries', () => {
    it("lists only that client's galleries, newest first, with status, published flag and photo count", async () => {
      const images = await createImages(strapi, bob.documentId, fileId, 2, '2026-03-01T12:00:00.000Z');
      const GALLERY = 'plugin::client-gallery.gallery';
      const draft = await strapi.documents(GALLERY).create({ data: { title: 'Bob draft', client: bob.documentId, stage: 'proofing' } as any });
      const live = await strapi.documents(GALLERY).create({
        data: { title: 'Bob wedding', client: bob.documentId, stage: 'ready', images: images.map((i) => i.documentId), shootDate: '2026-03-01' } as any,
      });
      await strapi.documents(GALLERY).publish({ documentId: live.documentId });
      await strapi.documents(GALLERY).create({ data: { title: 'Alice session', client: alice.documentId, stage: 'proofing' } as any });

      const res = await http().get(`/client-gallery/clients/${bob.documentId}/galleries`).set('Authorization', `Bearer ${viewer}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([
        expect.objectContaining({ documentId: live.documentId, title: 'Bob wedding', status: 'ready', published: true, imageCount: 2, shootDate: '2026-03-01' }),
        expect.objectContaining({ documentId: draft.documentId, title: 'Bob draft', status: 'proofing', published: false, imageCount: 0 }),
      ]);
    });

    it('answers an unknown client with 404', async () => {
      const res = await http().get('/client-gallery/clients/no-such-client/galleries').set('Authorization', `Bearer ${viewer}`);
      expect(res.status).toBe(404);
    });
  });
});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { createAdmin, createApiToken, createSuperAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClientWithRecords, makeJpeg, uploadFile } from '../helpers/fixtures';

let booted: BootedStrapi;
let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);
let modifier: string;
let owner: string;
let apiToken: string;
let fileId: number;

const OWNED = {
  images: 'plugin::client-gallery.gallery-image',
  notes: 'api::client-note.client-note',
  forms: 'api::form.form',
  appointments: 'api::appointment.appointment',
  galleries: 'plugin::client-gallery.gallery',
} as const;

/** Which client each of a fixture's records belongs to now, read straight from the database. */
async function ownersOf(records: Awaited<ReturnType<typeof createClientWithRecords>>) {
  const ownerOf = async (uid: string, documentId: string) => {
    const rows = await strapi.db.query(uid as any).findMany({ where: { documentId }, populate: { client: { select: ['documentId'] } } });
    const owners = [...new Set(rows.map((row: any) => row.client?.documentId))];
    expect(owners).toHaveLength(1); // draft and published rows of a gallery move together
    return owners[0];
  };
  return {
    images: await Promise.all(records.images.map((image) => ownerOf(OWNED.images, image.documentId))),
    notes: await ownerOf(OWNED.notes, records.note.documentId),
    forms: await ownerOf(OWNED.forms, records.form.documentId),
    appointments: await ownerOf(OWNED.appointments, records.appointment.documentId),
    galleries: await ownerOf(OWNED.galleries, records.gallery.documentId),
  };
}

function allOwnedBy(documentId: string) {
  return { images: Array(6).fill(documentId), notes: documentId, forms: documentId, appointments: documentId, galleries: documentId };
}

async function mergedIntoOf(documentId: string) {
  const client = await strapi.db.query('plugin::client-gallery.client').findOne({ where: { documentId }, populate: { mergedInto: true } });
  return { mergedInto: client.mergedInto?.documentId ?? null, mergedAt: client.mergedAt ?? null };
}

let pairs = 0;
async function pair() {
  pairs += 1;
  const a = await createClientWithRecords(strapi, `Anna ${pairs}`, fileId);
  const b = await createClientWithRecords(strapi, `Ben ${pairs}`, fileId);
  return { a, b };
}

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
  owner = (await createSuperAdmin(strapi)).token;
  apiToken = await createApiToken(strapi);
  fileId = (await uploadFile(strapi, await makeJpeg(7), 'merge.jpg')).id;
});


describe('client-merge', () => {
  describe.each([
    [
      'the admin route',
      async (b: string, a: string) =>
        http().post('/client-gallery/merges').set('Authorization', `Bearer ${modifier}`).send({ source: b, target: a }),
      'admin',
    ],
    [
      'the REST API (POST /api/client-merges)',
      async (b: string, a: string) =>
        http().post('/api/client-merges').set('Authorization', `Bearer ${apiToken}`).send({ data: { source: b, target: a } }),
      'api',
    ],
    [
      'the REST API (PUT /api/clients/:id with mergedInto)',
      async (b: string, a: string) =>
        http().put(`/api/clients/${b}`).set('Authorization', `Bearer ${apiToken}`).send({ data: { mergedInto: a } }),
      'api',
    ],
    [
      'setting "merged into" in the Content Manager',
      async (b: string, a: string) =>
        http()
          .put(`/content-manager/collection-types/plugin::client-gallery.client/${b}`)
          .set('Authorization', `Bearer ${owner}`)
          .send({ name: 'renamed while merging', mergedInto: { connect: [{ documentId: a }], disconnect: [] } }),
      'content-manager',
    ],
  ])('merging through %s', (_way, mergeBIntoA, via) => {
    it("moves every photo, note, form, appointment, gallery and share link of B to A, and marks B merged", async () => {
      const { a, b } = await pair();
      const res = await mergeBIntoA(b.client.documentId, a.client.documentId);
      expect(res.status).toBeLessThan(300);

      expect(await ownersOf(b)).toEqual(allOwnedBy(a.client.documentId));
      expect(await ownersOf(a)).toEqual(allOwnedBy(a.client.documentId));
      const link = await strapi.db.query('plugin::client-gallery.share-link').findOne({ where: { documentId: b.link.documentId }, populate: { gallery: { populate: { client: true } } } });
      expect(link.gallery.client.documentId).toBe(a.client.documentId);
      const state = await mergedIntoOf(b.client.documentId);
      expect(state.mergedInto).toBe(a.client.documentId);
      expect(state.mergedAt).not.toBeNull();

      const [record] = await strapi.db.query('plugin::client-gallery.client-merge').findMany({ where: { source: { documentId: b.client.documentId } } });
      expect(record.via).toBe(via);
      expect(record.moved.kinds[OWNED.images].documentIds).toHaveLength(6);
      expect(record.moved.shareLinks).toEqual([b.link.documentId]);
    });
  });

  describe('undo', () => {
    it('restores every moved record to B and clears "merged into"', async () => {
      const { a, b } = await pair();
      const merge = await http().post('/client-gallery/merges').set('Authorization', `Bearer ${modifier}`).send({ source: b.client.documentId, target: a.client.documentId });
      const undo = await http().post(`/client-gallery/merges/${merge.body.data.documentId}/undo`).set('Authorization', `Bearer ${modifier}`);
      expect(undo.status).toBe(200);
      expect(await ownersOf(b)).toEqual(allOwnedBy(b.client.documentId));
      expect(await ownersOf(a)).toEqual(allOwnedBy(a.client.documentId));
      expect(await mergedIntoOf(b.client.documentId)).toEqual({ mergedInto: null, mergedAt: null });
    });

    it('works through the REST API too, and a second undo is a 409 that changes nothing', async () => {
      const { a, b } = await pair();
      const merge = await http().post('/api/client-merges').set('Authorization', `Bearer ${apiToken}`).send({ data: { source: b.client.documentId, target: a.client.documentId } });
      const undo = await http().post(`/api/client-merges/${merge.body.data.documentId}/undo`).set('Authorization', `Bearer ${apiToken}`);
      expect(undo.status).toBe(200);
      const again = await http().post(`/api/client-merges/${merge.body.data.documentId}/undo`).set('Authorization', `Bearer ${apiToken}`);
      expect(again.status).toBe(409);
      expect(await ownersOf(b)).toEqual(allOwnedBy(b.client.documentId));
    });

    it('lists merges with what moved', async () => {
      const { a, b } = await pair();
      await http().post('/client-gallery/merges').set('Authorization', `Bearer ${modifier}`).send({ source: b.client.documentId, target: a.client.documentId });
      const list = await http().get(`/client-gallery/merges?client=${b.client.documentId}`).set('Authorization', `Bearer ${modifier}`);
      expect(list.status).toBe(200);
      expect(list.body.results).toHaveLength(1);
      expect(list.body.results[0]).toMatchObject({
        source: { documentId: b.client.documentId },
        target: { documentId: a.client.documentId },
        undoneAt: null,
        moved: { counts: { [OWNED.images]: 6, [OWNED.notes]: 1, [OWNED.forms]: 1, [OWNED.appointments]: 1, [OWNED.galleries]: 1 }, shareLinks: 1 },
      });
    });
  });

  describe('a failure mid-merge', () => {
    it('changes nothing: records moved before the failure move back, B stays unmerged, no record is kept', async () => {
      const { a, b } = await pair();
      // Break the 4th kind's join table lookup: images, notes and forms have already moved when it throws.
      let broke = 0;
      const breakAppointments = () => {
        const realGet = strapi.db.metadata.get.bind(strapi.db.metadata);
        return jest.spyOn(strapi.db.metadata, 'get').mockImplementation((uid: string) => {
          const meta = realGet(uid);
          if (uid !== OWNED.appointments) return meta;
          broke += 1;
          const client = meta.attributes.client as any;
          return { ...meta, attributes: { ...meta.attributes, client: { ...client, joinTable: { ...client.joinTable, name: 'no_such_table' } } } } as any;
        });
      };
      for (const send of [
        () => http().post('/client-gallery/merges').set('Authorization', `Bearer ${modifier}`).send({ source: b.client.documentId, target: a.client.documentId }),
        () => http().put(`/content-manager/collection-types/plugin::client-gallery.client/${b.client.documentId}`).set('Authorization', `Bearer ${owner}`).send({ mergedInto: { connect: [{ documentId: a.client.documentId }] } }),
      ]) {
        const spy = breakAppointments();
        let res: request.Response;
        try {
          res = await send();
        } finally {
          spy.mockRestore();
        }
        expect(broke).toBeGreaterThan(0);
        broke = 0;
        expect(res.status).toBe(500);
        expect(await ownersOf(b)).toEqual(allOwnedBy(b.client.documentId));
        expect(await mergedIntoOf(b.client.documentId)).toEqual({ mergedInto: null, mergedAt: null });
        expect(await strapi.db.query('plugin::client-gallery.client-merge').count({ where: { source: { documentId: b.client.documentId } } })).toBe(0);
      }
    });
  });

  describe('bad input', () => {
    it('refuses merging a client into itself, into a merged-away client, or an already merged client, with 400 and no change', async () => {
      const { a, b } = await pair();
      const { a: c } = await pair();
      const auth = { Authorization: `Bearer ${modifier}` };
      expect((await http().post('/client-gallery/merges').set(auth).send({ source: a.client.documentId, target: a.client.documentId })).status).toBe(400);
      expect((await http().post('/client-gallery/merges').set(auth).send({ source: b.client.documentId, target: a.client.documentId })).status).toBe(201);
      // b is merged away now: it can be neither merged again nor merged into.
      expect((await http().post('/client-gallery/merges').set(auth).send({ source: b.client.documentId, target: c.client.documentId })).status).toBe(400);
      expect((await http().post('/client-gallery/merges').set(auth).send({ source: c.client.documentId, target: b.client.documentId })).status).toBe(400);
      const viaCm = await http()
        .put(`/content-manager/collection-types/plugin::client-gallery.client/${c.client.documentId}`)
        .set('Authorization', `Bearer ${owner}`)
        .send({ mergedInto: { connect: [{ documentId: c.client.documentId }] } });
      expect(viaCm.status).toBe(400);
      expect(await ownersOf(c)).toEqual(allOwnedBy(c.client.documentId));
      expect(await mergedIntoOf(c.client.documentId)).toEqual({ mergedInto: null, mergedAt: null });
    });

    it('answers unknown clients and unknown merges with 404, malformed bodies with 400', async () => {
      const { a } = await pair();
      const auth = { Authorization: `Bearer ${modifier}` };
      expect((await http().post('/client-gallery/merges').set(auth).send({ source: 'nope', target: a.client.documentId })).status).toBe(404);
      expect((await http().post('/client-gallery/merges').set(auth).send({ source: a.client.documentId, target: 'nope' })).status).toBe(404);
      expect((await http().post('/client-gallery/merges/nope/undo').set(auth)).status).toBe(404);
      for (const body of [{}, { source: a.client.documentId }, { source: 1, target: 2 }, { source: 'x', target: 'y', extra: true }, 'not json']) {
        expect((await http().post('/client-gallery/merges').set(auth).send(body as any)).status).toBe(400);
      }
      const api = { Authorization: `Bearer ${apiToken}` };
      expect((await http().post('/api/client-merges').set(api).send({ source: 'x', target: 'y' })).status).toBe(400);
      expect((await http().post('/api/client-merges/nope/undo').set(api)).status).toBe(404);
      expect(await strapi.db.query('plugin::client-gallery.client-merge').count({ where: { target: { documentId: a.client.documentId } } })).toBe(0);
    });

    it('refuses clearing "merged into" by hand, since that would strand the moved records', async () => {
      const { a, b } = await pair();
      await http().post('/client-gallery/merges').set('Authorization', `Bearer ${modifier}`).send({ source: b.client.documentId, target: a.client.documentId });
      const res = await http().put(`/api/clients/${b.client.documentId}`).set('Authorization', `Bearer ${apiToken}`).send({ data: { mergedInto: null } });
      expect(res.status).toBe(400);
      expect((await mergedIntoOf(b.client.documentId)).mergedInto).toBe(a.client.documentId);
    });

    it('leaves ordinary Content Manager saves of a client alone', async () => {
      const { b } = await pair();
      const res = await http()
        .put(`/content-manager/collection-types/plugin::client-gallery.client/${b.client.documentId}`)
        .set('Authorization', `Bearer ${owner}`)
        .send({ name: 'Ben Renamed', mergedInto: { connect: [], disconnect: [] } });
      expect(res.status).toBe(200);
      expect(await mergedIntoOf(b.client.documentId)).toEqual({ mergedInto: null, mergedAt: null });
      expect(await ownersOf(b)).toEqual(allOwnedBy(b.client.documentId));
    });
  });
});

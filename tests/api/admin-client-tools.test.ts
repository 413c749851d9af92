import request from 'supertest';
import { adminApi } from '../helpers/http';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, createClientWithRecords, makeJpeg, uploadFile } from '../helpers/fixtures';

/**
 * Clients in the plugin: *New client* and *Edit* (Modify), and merging from the plugin with a
 * preview of what would move (counts per kind), the merge itself, its history and *Undo*.
 */
const CLIENT = 'plugin::client-gallery.client';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let viewer: string;
let modifier: string;
let fileId: number;

const http = () => request(strapi.server.httpServer);
const as = (token: string) => adminApi(strapi, token);
const clientCount = () => strapi.db.query(CLIENT).count({});

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  // The viewer may read every kind of record, so the merge preview counts all that would move
  // (admin-visible-counts.test.ts checks what staff without those permissions are shown).
  const readsRecords = ['api::client-note.client-note', 'api::form.form', 'api::appointment.appointment'].map((subject) => ({ action: 'plugin::content-manager.explorer.read', subject }));
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, ...readsRecords], 'viewer')).token;
  modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
  fileId = (await uploadFile(strapi, await makeJpeg(5), 'client-tools.jpg')).id;
});


describe('new client and edit', () => {
  it('answers View-only staff with 403 and makes or changes nothing', async () => {
    const ada = await createClient(strapi, 'Ada Unchanged');
    const before = await clientCount();
    expect((await as(viewer).post('/clients', { name: 'Nope' })).status).toBe(403);
    expect((await as(viewer).put(`/clients/${ada.documentId}`, { name: 'Nope' })).status).toBe(403);
    expect((await http().post('/client-gallery/clients').send({ name: 'Nope' })).status).toBe(401);
    expect(await clientCount()).toBe(before);
    expect((await as(viewer).get(`/clients/${ada.documentId}`)).body.data.name).toBe('Ada Unchanged');
  });

  it('makes a client from its details, trimmed, and refuses bad details with 400, making nothing', async () => {
    const res = await as(modifier).post('/clients', { name: '  Nora New ', email: 'nora@client.test', phone: '+44 20 7946 0000', notes: 'Prefers mornings' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ name: 'Nora New', email: 'nora@client.test', phone: '+44 20 7946 0000', imageCount: 0, mergedInto: null });
    const before = await clientCount();
    const cases: object[] = [
      {},
      { name: '   ' },
      { name: 'X', email: 'not-an-email' },
      { name: 'X'.repeat(201) },
      { name: 'X', mergedInto: res.body.data.documentId },
    ];
    for (const body of cases) expect((await as(modifier).post('/clients', body)).status).toBe(400);
    expect(await clientCount()).toBe(before);
  });

  it("edits a client's details; an unknown client answers 404 and an empty change 400", async () => {
    const eve = await createClient(strapi, 'Eve Edit');
    const res = await as(modifier).put(`/clients/${eve.documentId}`, { name: 'Eve Edited', email: null, phone: '555-0100' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Eve Edited', email: null, phone: '555-0100' });
    expect((await as(modifier).put('/clients/no-such-client', { name: 'X' })).status).toBe(404);
    expect((await as(modifier).put(`/clients/${eve.documentId}`, {})).status).toBe(400);
    expect((await as(modifier).put(`/clients/${eve.documentId}`, { mergedInto: null })).status).toBe(400);
  });
});

describe('merge from the plugin', () => {
  it('previews what would move, per kind, moving nothing; then merges, lists the merge, and undoes it', async () => {
    const a = await createClientWithRecords(strapi, 'Alma Target', fileId);
    const b = await createClientWithRecords(strapi, 'Bea Source', fileId);
    const query = { source: b.client.documentId, target: a.client.documentId };
    const preview = await as(viewer).get(`/merges/preview?source=${query.source}&target=${query.target}`);
    expect(preview.status).toBe(200);
    const counts = Object.fromEntries(preview.body.data.kinds.map((k: { label: string; count: number }) => [k.label, k.count]));
    expect(counts).toMatchObject({ Photos: 6, Galleries: 1 });
    // Record kinds by the label the host configured for them (config/plugins.ts recordSources).
    expect(counts).toMatchObject({ 'client note': 1, form: 1, appointment: 1 });
    expect(preview.body.data).toMatchObject({ source: { name: 'Bea Source' }, target: { name: 'Alma Target' }, shareLinks: 1 });
    // Nothing moved.
    expect((await as(viewer).get(`/clients/${b.client.documentId}`)).body.data).toMatchObject({ imageCount: 6, mergedInto: null });

    expect((await as(viewer).get(`/merges/preview?source=${query.source}&target=${query.source}`)).status).toBe(400);
    expect((await as(viewer).get(`/merges/preview?source=no-such-client&target=${query.target}`)).status).toBe(404);
    expect((await as(viewer).post('/merges', query)).status).toBe(403);

    const merged = await as(modifier).post('/merges', query);
    expect(merged.status).toBe(201);
    expect((await as(viewer).get(`/clients/${b.client.documentId}`)).body.data).toMatchObject({
      imageCount: 0,
      mergedInto: { documentId: a.client.documentId, name: 'Alma Target' },
    });
    // A merged-away client cannot be previewed into again.
    expect((await as(viewer).get(`/merges/preview?source=${query.source}&target=${query.target}`)).status).toBe(400);

    const history = await as(viewer).get(`/merges?client=${b.client.documentId}`);
    expect(history.body.results).toEqual([expect.objectContaining({ documentId: merged.body.data.documentId, undoneAt: null, via: 'admin' })]);
    expect((await as(viewer).post(`/merges/${merged.body.data.documentId}/undo`)).status).toBe(403);
    expect((await as(modifier).post(`/merges/${merged.body.data.documentId}/undo`)).status).toBe(200);
    expect((await as(viewer).get(`/clients/${b.client.documentId}`)).body.data).toMatchObject({ imageCount: 6, mergedInto: null });
    expect((await as(viewer).get(`/merges?client=${b.client.documentId}`)).body.results[0].undoneAt).not.toBeNull();
  });
});

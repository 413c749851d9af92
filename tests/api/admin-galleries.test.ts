import request from 'supertest';
import { adminApi } from '../helpers/http';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, createImage, makeJpeg, uploadFile } from '../helpers/fixtures';
import { galleryImageIds, makeLink } from '../helpers/share';

/**
 * The studio curates galleries in the plugin: a gallery made from some or all of a client's
 * photos, its details edited, published and unpublished; photo labels edited. Reads need View,
 * every one of these needs Modify, and a refused request makes nothing.
 */
const GALLERY = 'plugin::client-gallery.gallery';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let viewer: string;
let modifier: string;
let fileId: number;
let cleo: { documentId: string };
let photos: Record<'oldest' | 'middle' | 'newest' | 'other', { documentId: string }>;
const http = () => request(strapi.server.httpServer);
const as = (token: string) => adminApi(strapi, token);
const galleryCount = () => strapi.db.query(GALLERY).count({ where: { publishedAt: null } });

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer')).token;
  modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
  fileId = (await uploadFile(strapi, await makeJpeg(8), 'curate.jpg')).id;
  cleo = await createClient(strapi, 'Cleo Curate');
  const other = await createClient(strapi, 'Otto Other');
  const image = (client: { documentId: string }, takenAt: string, label?: string) => createImage(strapi, { fileId, clientDocumentId: client.documentId, takenAt, label });
  photos = {
    oldest: await image(cleo, '2026-04-01T10:00:00.000Z', 'Ceremony'),
    middle: await image(cleo, '2026-04-01T11:00:00.000Z', 'Portraits'),
    newest: await image(cleo, '2026-04-01T12:00:00.000Z', 'Ceremony'),
    other: await image(other, '2026-04-01T13:00:00.000Z'),
  };
});


async function imagesOf(galleryDocumentId: string) {
  const draft = await strapi.documents(GALLERY).findOne({ documentId: galleryDocumentId, populate: { cover: { fields: ['documentId'] } } as any });
  return { images: await galleryImageIds(strapi, galleryDocumentId), cover: (draft as any).cover?.documentId };
}

describe('gallery curation in the plugin', () => {
  it('answers anonymous with 401 and View-only staff with 403 on every curation route, making nothing', async () => {
    const before = await galleryCount();
    const routes = [
      ['post', `/clients/${cleo.documentId}/galleries`, { title: 'Nope' }],
      ['put', `/galleries/any-gallery`, { title: 'Nope' }],
      ['post', `/galleries/any-gallery/publish`, {}],
      ['post', `/galleries/any-gallery/unpublish`, {}],
      ['put', `/images/${photos.newest.documentId}`, { label: 'Nope' }],
    ] as const;
    for (const [method, path, body] of routes) {
      expect((await http()[method](`/client-gallery${path}`).send(body)).status).toBe(401);
      expect((await as(viewer)[method](path, body)).status).toBe(403);
    }
    expect(await galleryCount()).toBe(before);
  });

  it('makes an unpublished gallery from all of a client\'s photos, newest first, and publishing opens its links', async () => {
    const res = await as(modifier).post(`/clients/${cleo.documentId}/galleries`, { title: '  Spring wedding  ', shootDate: '2026-04-01', deadline: '2026-05-01', welcomeNote: 'Hello!' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ title: 'Spring wedding', status: 'proofing', published: false, imageCount: 3, shootDate: '2026-04-01', deadline: '2026-05-01' });
    const documentId = res.body.data.documentId;
    expect(await imagesOf(documentId)).toEqual({ images: [photos.newest, photos.middle, photos.oldest].map((p) => p.documentId), cover: photos.newest.documentId });

    const { token } = await makeLink(strapi, documentId, { recipientEmail: 'cleo@client.test' });
    expect((await http().get(`/api/share/${token}`)).body.error.name).toBe('GalleryUnavailableError');
    expect((await as(modifier).post(`/galleries/${documentId}/publish`)).body.data.published).toBe(true);
    const view = await http().get(`/api/share/${token}`);
    expect(view.status).toBe(200);
    expect(view.body.data).toMatchObject({ title: 'Spring wedding', welcomeNote: 'Hello!' });
    expect((await as(modifier).post(`/galleries/${documentId}/unpublish`)).body.data.published).toBe(false);
    expect((await http().get(`/api/share/${token}`)).body.error.name).toBe('GalleryUnavailableError');

    const listed = await as(viewer).get(`/clients/${cleo.documentId}/galleries`);
    expect(listed.body.data.map((g: { documentId: string }) => g.documentId)).toContain(documentId);
  });

  it('makes a gallery of the photos with one label, or of the photos named, in the studio\'s order', async () => {
    const byLabel = await as(modifier).post(`/clients/${cleo.documentId}/galleries`, { title: 'Ceremony only', label: 'Ceremony' });
    expect(byLabel.status).toBe(201);
    expect((await imagesOf(byLabel.body.data.documentId)).images).toEqual([photos.newest.documentId, photos.oldest.documentId]);

    const named = await as(modifier).post(`/clients/${cleo.documentId}/galleries`, { title: 'Picks', imageIds: [photos.oldest.documentId, photos.middle.documentId] });
    expect(named.status).toBe(201);
    expect(await imagesOf(named.body.data.documentId)).toEqual({ images: [photos.oldest.documentId, photos.middle.documentId], cover: photos.oldest.documentId });
  });

  it('puts in only the photos the staff member may see: a note\'s photo needs read access to notes', async () => {
    const nina = await createClient(strapi, 'Nina Notes');
    const uploaded = await createImage(strapi, { fileId, clientDocumentId: nina.documentId, takenAt: '2026-04-02T10:00:00.000Z' });
    const fromNote = await createImage(strapi, { fileId, clientDocumentId: nina.documentId, takenAt: '2026-04-02T11:00:00.000Z', source: 'client-note', sourceRef: 'client-note:x' });
    const all = await as(modifier).post(`/clients/${nina.documentId}/galleries`, { title: 'Without the notes' });
    expect((await imagesOf(all.body.data.documentId)).images).toEqual([uploaded.documentId]);
    const named = await as(modifier).post(`/clients/${nina.documentId}/galleries`, { title: 'Sneaky', imageIds: [fromNote.documentId] });
    expect([named.status, named.body.error?.message]).toEqual([400, "1 of the photos are not this client's"]);

    const reader = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update, { action: 'plugin::content-manager.explorer.read', subject: 'api::client-note.client-note' }], 'note-reader')).token;
    const withNotes = await as(reader).post(`/clients/${nina.documentId}/galleries`, { title: 'With the notes' });
    expect((await imagesOf(withNotes.body.data.documentId)).images).toEqual([fromNote.documentId, uploaded.documentId]);
  });

  it('refuses bad requests with a clear 4xx and makes nothing', async () => {
    const before = await galleryCount();
    const create = (body: object, client = cleo.documentId) => as(modifier).post(`/clients/${client}/galleries`, body);
    const cases: Array<[object, number, RegExp?]> = [
      [{}, 400],
      [{ title: '   ' }, 400],
      [{ title: 'x'.repeat(201) }, 400],
      [{ title: 'Bad status', status: 'published' }, 400],
      [{ title: 'Bad date', deadline: 'next week' }, 400],
      [{ title: 'Extra', password: 'x' }, 400],
      [{ title: 'Both', label: 'Ceremony', imageIds: [photos.newest.documentId] }, 400],
      [{ title: 'Foreign', imageIds: [photos.newest.documentId, photos.other.documentId] }, 400, /not this client's/],
      [{ title: 'Unknown', imageIds: ['no-such-photo'] }, 400, /not this client's/],
      [{ title: 'No such label', label: 'Sunset' }, 400, /no photos labelled "Sunset"/],
    ];
    for (const [body, status, message] of cases) {
      const res = await create(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
      if (message) expect(res.body.error.message).toMatch(message);
    }
    expect((await create({ title: 'Nobody' }, 'no-such-client')).status).toBe(404);
    const empty = await createClient(strapi, 'Edda Empty');
    expect((await create({ title: 'Empty' }, empty.documentId)).body.error.message).toMatch(/no photos yet/);
    expect(await galleryCount()).toBe(before);

    for (const path of ['/galleries/no-such-gallery/publish', '/galleries/no-such-gallery/unpublish']) expect((await as(modifier).post(path)).status).toBe(404);
    expect((await as(modifier).put('/galleries/no-such-gallery', { title: 'x' })).status).toBe(404);
  });

  it('edits a gallery\'s details; a published gallery shows the change to visitors at once', async () => {
    const made = await as(modifier).post(`/clients/${cleo.documentId}/galleries`, { title: 'Edit me' });
    const documentId = made.body.data.documentId;
    await as(modifier).post(`/galleries/${documentId}/publish`);
    const { token } = await makeLink(strapi, documentId, { recipientEmail: 'edit@client.test' });
    expect((await http().get(`/api/share/${token}`)).body.data.status).toBe('proofing');

    const res = await as(modifier).put(`/galleries/${documentId}`, { status: 'ready', title: 'Edited', deadline: null });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ title: 'Edited', status: 'ready', published: true, deadline: null });
    expect((await http().get(`/api/share/${token}`)).body.data).toMatchObject({ title: 'Edited', status: 'ready' });

    expect((await as(modifier).put(`/galleries/${documentId}`, {})).status).toBe(400);
    expect((await as(modifier).put(`/galleries/${documentId}`, { status: 'gone' })).status).toBe(400);
    expect((await as(modifier).put(`/galleries/${documentId}`, { client: 'someone-else' })).status).toBe(400);
  });

  it('sets and clears a photo\'s label', async () => {
    const path = `/images/${photos.middle.documentId}`;
    const set = await as(modifier).put(path, { label: '  First look ' });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ documentId: photos.middle.documentId, label: 'First look' });
    expect((await as(viewer).get(`/clients/${cleo.documentId}/images?label=First%20look`)).body.results.map((i: any) => i.documentId)).toEqual([photos.middle.documentId]);

    expect((await as(modifier).put(path, { label: '' })).body.data.label).toBeNull();
    expect((await as(modifier).put(path, { label: 'x'.repeat(121) })).status).toBe(400);
    expect((await as(modifier).put(path, {})).status).toBe(400);
    expect((await as(modifier).put('/images/no-such-photo', { label: 'x' })).status).toBe(404);
    const row = await strapi.db.query('plugin::client-gallery.gallery-image').findOne({ where: { documentId: photos.middle.documentId } });
    expect(row.label).toBeNull();
  });
});

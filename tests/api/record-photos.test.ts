import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { createApiToken, createSuperAdmin } from '../helpers/admin';
import { createClient, uploadFile } from '../helpers/fixtures';
import { fetchUrl } from '../helpers/http';
import sharp from 'sharp';
import { photo, SVG_IMAGE } from '../helpers/photos';

/**
 * Record photos: the photos on a client's notes, forms and appointments appear in the client's
 * gallery (DESIGN, domain model), whichever way the record is saved, and follow the record.
 */
const IMAGE = 'plugin::client-gallery.gallery-image';
const NOTE = 'api::client-note.client-note';
const FORM = 'api::form.form';
const APPOINTMENT = 'api::appointment.appointment';
const FILE = 'plugin::upload.file';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let admin: string;
let apiToken: string;
const http = () => request(strapi.server.httpServer);

/** The client's gallery as staff see it in the plugin: newest first. */
async function galleryOf(clientDocumentId: string) {
  const res = await http().get(`/client-gallery/clients/${clientDocumentId}/images?limit=100`).set('Authorization', `Bearer ${admin}`);
  expect(res.status).toBe(200);
  return res.body.results as Array<{ documentId: string; source: string; sourceRef: string | null; takenAt: string; width: number; height: number; thumbUrl: string | null }>;
}

async function entriesFor(sourceRef: string) {
  return strapi.db.query(IMAGE).findMany({ where: { sourceRef }, populate: { file: { select: ['id'] }, client: { select: ['documentId'] } } });
}

async function upload(seed: number, options: Parameters<typeof photo>[0] = {}) {
  return uploadFile(strapi, await photo({ width: 320, height: 240, seed, ...options }), `record-${seed}.jpg`);
}

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  admin = (await createSuperAdmin(strapi)).token;
  apiToken = await createApiToken(strapi);
});


describe('record photos in the client gallery', () => {
  it('shows a note\'s photos in the client\'s gallery, dated by EXIF, upright, with a thumbnail made on first view', async () => {
    const client = await createClient(strapi, 'Nora Notes');
    const portrait = await upload(1, { takenAt: '2025:04:03 10:20:30', orientation: 6 });
    const undated = await upload(2);
    const note = await strapi.documents(NOTE).create({
      data: { client: client.documentId, body: 'Before treatment', notedAt: '2025-05-01T08:00:00.000Z', photos: [portrait.id, undated.id] } as any,
    });

    const gallery = await galleryOf(client.documentId);
    expect(gallery).toHaveLength(2);
    const sourceRef = `client-note:${note.documentId}`;
    expect(gallery.every((image) => image.source === 'client-note' && image.sourceRef === sourceRef)).toBe(true);
    // Newest first: the note's date (no EXIF) is after the EXIF date of the portrait.
    expect(gallery.map((image) => image.takenAt)).toEqual(['2025-05-01T08:00:00.000Z', '2025-04-03T10:20:30.000Z']);
    expect(gallery[1]).toMatchObject({ width: 240, height: 320 });

    const thumb = await fetchUrl(strapi, gallery[1].thumbUrl!);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(thumb.body).metadata()).toMatchObject({ width: 240, height: 320 }); // upright, never enlarged
  });

  it('has the Media Library keep a studio\'s originals byte for byte (no re-encode, no AI captions)', async () => {
    const bytes = await photo({ width: 320, height: 240, seed: 3, takenAt: '2025:01:02 03:04:05', gps: true });
    const file = await uploadFile(strapi, bytes, 'kept.jpg');
    const row = await strapi.db.query(FILE).findOne({ where: { id: file.id } });
    const stored = await fetchUrl(strapi, await strapi.plugin('client-gallery').service('storage').signedUrl(row));
    expect(stored.body.equals(bytes)).toBe(true);
    expect(await strapi.plugin('upload').service('upload').getSettings()).toMatchObject({ sizeOptimization: false, autoOrientation: false, aiMetadata: false });
  });

  it('follows the record: photos added and removed, a new client, deletion; the media files stay in the Media Library', async () => {
    const first = await createClient(strapi, 'Fiona First');
    const second = await createClient(strapi, 'Sam Second');
    const [a, b, c] = [await upload(11), await upload(12), await upload(13)];
    const appointment = await strapi.documents(APPOINTMENT).create({
      data: { client: first.documentId, startsAt: '2026-02-01T09:00:00.000Z', photos: [a.id, b.id] } as any,
    });
    const sourceRef = `appointment:${appointment.documentId}`;
    expect((await entriesFor(sourceRef)).map((row: any) => row.file.id).sort()).toEqual([a.id, b.id].sort());

    await strapi.documents(APPOINTMENT).update({ documentId: appointment.documentId, data: { photos: [b.id, c.id] } as any });
    expect((await entriesFor(sourceRef)).map((row: any) => row.file.id).sort()).toEqual([b.id, c.id].sort());

    await strapi.documents(APPOINTMENT).update({ documentId: appointment.documentId, data: { client: second.documentId } as any });
    expect(await galleryOf(first.documentId)).toHaveLength(0);
    expect((await galleryOf(second.documentId)).map((image) => image.sourceRef)).toEqual([sourceRef, sourceRef]);

    await strapi.documents(APPOINTMENT).delete({ documentId: appointment.documentId });
    expect(await entriesFor(sourceRef)).toHaveLength(0);
    expect(await galleryOf(second.documentId)).toHaveLength(0);
    expect(await strapi.db.query(FILE).count({ where: { id: { $in: [a.id, b.id, c.id] } } })).toBe(3);
    for (const file of [a, b, c]) expect((await fetchUrl(strapi, (await strapi.db.query(FILE).findOne({ where: { id: file.id } })).url)).status).toBeLessThan(500);
  });

  it('keeps an archived form\'s photos in the gallery', async () => {
    const client = await createClient(strapi, 'Ada Archive');
    const scan = await upload(21);
    const form = await strapi.documents(FORM).create({ data: { client: client.documentId, title: 'Consent', photos: [scan.id] } as any });
    await strapi.documents(FORM).update({ documentId: form.documentId, data: { archivedAt: '2026-03-01T00:00:00.000Z' } as any });
    expect((await galleryOf(client.documentId)).map((image) => image.sourceRef)).toEqual([`form:${form.documentId}`]);
  });

  it('works through REST: an API token saving a note with a photo puts it in the gallery', async () => {
    const client = await createClient(strapi, 'Rhea Rest');
    const file = await upload(31);
    const res = await http()
      .post('/api/client-notes')
      .set('Authorization', `Bearer ${apiToken}`)
      .send({ data: { client: client.documentId, body: 'From the booking app', photos: [file.id] } });
    expect(res.status).toBe(201);
    expect((await galleryOf(client.documentId)).map((image) => image.sourceRef)).toEqual([`client-note:${res.body.data.documentId}`]);
  });

  it('refuses (400) a note whose photo is not a decodable photo, and keeps neither the note nor a gallery entry', async () => {
    const client = await createClient(strapi, 'Victor Vector');
    const svg = await uploadFile(strapi, SVG_IMAGE, 'drawing.svg', 'image/svg+xml');
    const good = await upload(41);
    const notesBefore = await strapi.db.query(NOTE).count();
    const imagesBefore = await strapi.db.query(IMAGE).count();

    const res = await http()
      .post('/api/client-notes')
      .set('Authorization', `Bearer ${apiToken}`)
      .send({ data: { client: client.documentId, body: 'Has a drawing', photos: [good.id, svg.id] } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not an image in a supported format/);
    expect(await strapi.db.query(NOTE).count()).toBe(notesBefore);
    expect(await strapi.db.query(IMAGE).count()).toBe(imagesBefore);
  });

  it('refuses (409) deleting a record photo from the gallery alone, and lets the Media Library delete it with its entry', async () => {
    const client = await createClient(strapi, 'Greta Guard');
    const file = await upload(51);
    const note = await strapi.documents(NOTE).create({ data: { client: client.documentId, body: 'Guarded', photos: [file.id] } as any });
    const [entry] = await galleryOf(client.documentId);

    const refused = await http().delete(`/client-gallery/images/${entry.documentId}`).set('Authorization', `Bearer ${admin}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/belongs to a client note/);
    expect(await galleryOf(client.documentId)).toHaveLength(1);

    const removed = await http().delete(`/upload/files/${file.id}`).set('Authorization', `Bearer ${admin}`);
    expect(removed.status).toBe(200);
    expect(await galleryOf(client.documentId)).toHaveLength(0);
    const saved = await strapi.db.query(NOTE).findOne({ where: { documentId: note.documentId }, populate: { photos: true } });
    expect(saved.photos ?? []).toHaveLength(0);
  });

  it('still refuses a Media Library delete of an uploaded gallery photo', async () => {
    const client = await createClient(strapi, 'Uma Upload');
    const file = await upload(61);
    const note = await strapi.documents(NOTE).create({ data: { client: client.documentId, body: 'Also uploaded', photos: [file.id] } as any });
    await strapi.documents(IMAGE).create({
      data: { file: file.id, client: client.documentId, takenAt: '2026-01-01T00:00:00.000Z', source: 'upload', width: 320, height: 240 } as any,
    });
    const refused = await http().delete(`/upload/files/${file.id}`).set('Authorization', `Bearer ${admin}`);
    expect(refused.status).toBe(400);
    expect(await entriesFor(`client-note:${note.documentId}`)).toHaveLength(1);
  });
});

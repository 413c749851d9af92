import { adminApi } from '../helpers/http';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { createAdmin, createSuperAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, createImage, makeJpeg, uploadFile } from '../helpers/fixtures';

/**
 * Every photo count the admin shows or the admin API returns counts what the same staff member's
 * tiles show: a photo from a note, form or appointment they may not read is neither listed nor
 * counted (DESIGN, access rules). A staff member with View and Modify but no record permission
 * once saw "5 photos" over 4 tiles.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let owner: string;
let staff: string;
let noteReader: string;
let fileId: number;
const as = (token: string) => adminApi(strapi, token);

/** The client's photos as `token`'s Photos tab lists them, every page. */
async function tiles(token: string, clientDocumentId: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await as(token).get(`/clients/${clientDocumentId}/images?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.results.map((image: { documentId: string }) => image.documentId));
    cursor = res.body.nextCursor;
  } while (cursor);
  return seen;
}

let client: { documentId: string; name?: string | null };
let uploads: string[];
let records: Record<'note' | 'form' | 'appointment', string>;
let galleryId: string;

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  owner = (await createSuperAdmin(strapi)).token;
  staff = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'no-records')).token;
  noteReader = (
    await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update, { action: 'plugin::content-manager.explorer.read', subject: 'api::client-note.client-note' }], 'note-reader')
  ).token;
  fileId = (await uploadFile(strapi, await makeJpeg(7), 'counted.jpg')).id;

  // A name no other file's client shares, so the client list can be searched down to it.
  client = await createClient(strapi, `Vera Visible ${Date.now().toString(36)}`);
  const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString();
  uploads = [];
  for (let i = 0; i < 4; i += 1) uploads.push((await createImage(strapi, { fileId, clientDocumentId: client.documentId, takenAt: at(i) })).documentId);
  const record = async (source: 'client-note' | 'form' | 'appointment', minute: number) =>
    (await createImage(strapi, { fileId, clientDocumentId: client.documentId, takenAt: at(minute), source, sourceRef: `${source}:counted-${minute}` })).documentId;
  records = { note: await record('client-note', 10), form: await record('form', 11), appointment: await record('appointment', 12) };
  // A markup draft is nobody's tile.
  await createImage(strapi, { fileId, clientDocumentId: client.documentId, takenAt: at(20), markupDraft: true });

  // The owner sees every photo, so the gallery they make holds the record photos too.
  const made = await as(owner).post(`/clients/${client.documentId}/galleries`, { title: 'Everything' });
  expect(made.status).toBe(201);
  expect(made.body.data.imageCount).toBe(7);
  galleryId = made.body.data.documentId;
});

describe('admin photo counts follow what the viewer sees', () => {
  it('lists 4 of the 7 photos to staff without record permissions, and every count says 4', async () => {
    expect((await tiles(owner, client.documentId)).length).toBe(7);
    const visible = await tiles(staff, client.documentId);
    expect(visible.sort()).toEqual([...uploads].sort());

    const listed = await as(staff).get(`/clients?search=${encodeURIComponent(client.name ?? '')}`);
    expect(listed.body.results.map((c: { documentId: string; imageCount: number }) => [c.documentId, c.imageCount])).toEqual([[client.documentId, visible.length]]);
    expect((await as(staff).get(`/clients/${client.documentId}`)).body.data.imageCount).toBe(visible.length);
    expect((await as(staff).put(`/clients/${client.documentId}`, { phone: '+1 555 0100' })).body.data.imageCount).toBe(visible.length);
  });

  it('counts the same photos on gallery cards as the curation view lists', async () => {
    const order = (await as(staff).get(`/galleries/${galleryId}/images`)).body.data as string[];
    expect(order.sort()).toEqual([...uploads].sort());
    const cards = (await as(staff).get(`/clients/${client.documentId}/galleries`)).body.data;
    expect(cards.map((g: { documentId: string; imageCount: number }) => [g.documentId, g.imageCount])).toEqual([[galleryId, order.length]]);
    // Each answer that carries the gallery carries the same count.
    expect((await as(staff).put(`/galleries/${galleryId}`, { title: 'Everything, renamed' })).body.data.imageCount).toBe(order.length);
    expect((await as(staff).post(`/galleries/${galleryId}/publish`)).body.data.imageCount).toBe(order.length);
    expect((await as(staff).put(`/galleries/${galleryId}/cover`, { imageId: uploads[0] })).body.data.imageCount).toBe(order.length);
    const copy = await as(staff).post(`/galleries/${galleryId}/duplicate`);
    expect(copy.body.data.imageCount).toBe(order.length);
    // The copy still holds every photo for its visitors: the owner counts 7 in it.
    expect((await as(owner).get(`/galleries/${copy.body.data.documentId}/images`)).body.data).toHaveLength(7);
  });

  it('counts a record kind once the viewer may read it', async () => {
    const visible = await tiles(noteReader, client.documentId);
    expect(visible.sort()).toEqual([...uploads, records.note].sort());
    expect((await as(noteReader).get(`/clients/${client.documentId}`)).body.data.imageCount).toBe(5);
    const card = (await as(noteReader).get(`/clients/${client.documentId}/galleries`)).body.data.find((g: { documentId: string }) => g.documentId === galleryId);
    expect(card.imageCount).toBe(5);
    expect((await as(noteReader).get(`/galleries/${galleryId}/images`)).body.data).toHaveLength(5);
  });

  it('reorders the photos the viewer sees and leaves the hidden ones where they were', async () => {
    const before = (await as(owner).get(`/galleries/${galleryId}/images`)).body.data as string[];
    const seen = (await as(staff).get(`/galleries/${galleryId}/images`)).body.data as string[];
    const reversed = [...seen].reverse();
    const res = await as(staff).put(`/galleries/${galleryId}/images`, { imageIds: reversed });
    expect([res.status, res.body.data]).toEqual([200, reversed]);
    const after = (await as(owner).get(`/galleries/${galleryId}/images`)).body.data as string[];
    const hidden = new Set(Object.values(records));
    expect(after.map((id, i) => (hidden.has(id) ? id : null))).toEqual(before.map((id) => (hidden.has(id) ? id : null)));
    expect(after.filter((id) => !hidden.has(id))).toEqual(reversed);
  });

  it("counts the merge preview's photos as the viewer sees them and leaves out records they may not read", async () => {
    const other = await createClient(strapi, `Walt Target ${Date.now().toString(36)}`);
    const preview = await as(staff).get(`/merges/preview?source=${client.documentId}&target=${other.documentId}`);
    expect(preview.status).toBe(200);
    const kinds = Object.fromEntries(preview.body.data.kinds.map((k: { uid: string; count: number }) => [k.uid, k.count]));
    expect(kinds['plugin::client-gallery.gallery-image']).toBe(4);
    expect(Object.keys(kinds).filter((uid) => uid.startsWith('api::'))).toEqual([]);
  });
});

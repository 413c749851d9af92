import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, createImages, makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeLink } from '../helpers/share';
import { requestStatementsDuring } from '../helpers/sql';

/**
 * The studio sees its clients' choices: the Photos tab's listing filtered by "selected by",
 * "favourited by" (a recipient: one share link of the client's galleries) and "commented", in the
 * same keyset pages and the same number of statements as the plain listing; and the Proofing
 * overview's photos (staff URLs) and the change from one confirmed round to the next.
 */
const GALLERY = 'plugin::client-gallery.gallery';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let viewer: string;
let modifier: string;
let clientId: string;
let galleryId: string;
/** Newest first, as the Photos tab lists them. */
let photos: string[];
let maya: { documentId: string };
let jon: { documentId: string };
let mayaToken: string;
let jonToken: string;
let strangerLink: { documentId: string };

const http = () => request(booted.baseUrl);
const get = (path: string, bearer = viewer) => http().get(`/client-gallery${path}`).set('Authorization', `Bearer ${bearer}`);
const ids = (res: request.Response) => res.body.results.map((image: { documentId: string }) => image.documentId);

async function makeProofingGallery(clientDocumentId: string, imageIds: string[], title: string) {
  const gallery = await strapi.documents(GALLERY).create({
    data: { title, client: clientDocumentId, images: imageIds, cover: imageIds[0], stage: 'proofing', deadline: '2099-01-01', selectionAllowed: true, commentsAllowed: true } as any,
  });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  return gallery.documentId;
}

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'filters viewer')).token;
  modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'filters modifier')).token;
  const file = await uploadFile(strapi, await makeJpeg(91, 160, 120), 'filters.jpg');
  const client = await createClient(strapi, 'Fern Filters');
  clientId = client.documentId;
  photos = (await createImages(strapi, clientId, file.id, 12)).map((image) => image.documentId);
  galleryId = await makeProofingGallery(clientId, photos, 'Fern proofing');
  ({ link: maya, token: mayaToken } = await makeLink(strapi, galleryId, { recipientEmail: 'maya@client.test', recipientName: 'Maya' }));
  ({ link: jon, token: jonToken } = await makeLink(strapi, galleryId, { recipientEmail: 'jon@client.test', recipientName: 'Jon' }));
  // Maya selects 9, 2, 5 (in that order), favourites 1 and 2 and comments on 7; Jon selects 3 and comments on 4.
  for (const i of [9, 2, 5]) expect((await http().put(`/api/share/${mayaToken}/selection/${photos[i]}`)).status).toBeLessThan(300);
  for (const i of [1, 2]) expect((await http().put(`/api/share/${mayaToken}/favourites/${photos[i]}`)).status).toBeLessThan(300);
  expect((await http().post(`/api/share/${mayaToken}/images/${photos[7]}/comments`).send({ body: 'Warmer?' })).status).toBe(201);
  expect((await http().put(`/api/share/${jonToken}/selection/${photos[3]}`)).status).toBeLessThan(300);
  expect((await http().post(`/api/share/${jonToken}/images/${photos[4]}/comments`).send({ body: 'Crop?' })).status).toBe(201);

  // Another client's gallery and link: never a recipient of Fern's photos.
  const stranger = await createClient(strapi, 'Sol Stranger');
  const theirs = (await createImages(strapi, stranger.documentId, file.id, 2)).map((image) => image.documentId);
  strangerLink = (await makeLink(strapi, await makeProofingGallery(stranger.documentId, theirs, 'Sol proofing'), { recipientEmail: 'sol@client.test' })).link;
});

describe("the Photos tab filtered by a recipient's choices", () => {
  it('refuses an unknown recipient, another client\'s link and bad values with 400, and needs View', async () => {
    expect((await http().get(`/client-gallery/clients/${clientId}/images?selectedBy=${maya.documentId}`)).status).toBe(401);
    for (const query of [
      `selectedBy=${'q'.repeat(24)}`,
      `favouritedBy=${strangerLink.documentId}`,
      `selectedBy=${strangerLink.documentId}`,
      'selectedBy=',
      'selectedBy=../../x',
      `selectedBy=${'a'.repeat(65)}`,
      'commented=yes',
      'commented=1',
      `selectedBy=${maya.documentId}&selectedBy=${jon.documentId}`,
    ]) {
      const res = await get(`/clients/${clientId}/images?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.error.name).toBe('ValidationError');
    }
    const unknown = await get(`/clients/${clientId}/images?selectedBy=${strangerLink.documentId}`);
    expect(unknown.body.error.message).toMatch(/Unknown recipient/);
  });

  it("keeps a recipient's selection, favourites or the commented photos, newest first, and the filters combine", async () => {
    expect(ids(await get(`/clients/${clientId}/images?selectedBy=${maya.documentId}`))).toEqual([photos[2], photos[5], photos[9]]);
    expect(ids(await get(`/clients/${clientId}/images?selectedBy=${jon.documentId}`))).toEqual([photos[3]]);
    expect(ids(await get(`/clients/${clientId}/images?favouritedBy=${maya.documentId}`))).toEqual([photos[1], photos[2]]);
    expect(ids(await get(`/clients/${clientId}/images?favouritedBy=${jon.documentId}`))).toEqual([]);
    expect(ids(await get(`/clients/${clientId}/images?commented=true`))).toEqual([photos[4], photos[7]]);
    expect(ids(await get(`/clients/${clientId}/images?selectedBy=${maya.documentId}&favouritedBy=${maya.documentId}`))).toEqual([photos[2]]);
    // Each result is the Photos tab's own image, with its staff thumbnail.
    const [first] = (await get(`/clients/${clientId}/images?commented=true`)).body.results;
    expect(first.thumbUrl).toEqual(expect.any(String));
  });

  it('pages a filter with the same keyset cursor, never repeating or skipping a photo', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await get(`/clients/${clientId}/images?selectedBy=${maya.documentId}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...ids(res));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([photos[2], photos[5], photos[9]]);
  });

  it('runs as many statements with a filter at limit 1 and 100, whatever the number chosen', async () => {
    const count = async (query: string) => {
      const send = () => get(`/clients/${clientId}/images?${query}`);
      expect((await send()).status).toBe(200);
      return (await requestStatementsDuring(strapi, async () => expect((await send()).status).toBe(200))).length;
    };
    const few = await count(`selectedBy=${jon.documentId}&limit=1`);
    const more = await count(`selectedBy=${maya.documentId}&limit=100`);
    const favourites = await count(`favouritedBy=${maya.documentId}&limit=100`);
    const commented = await count('commented=true&limit=100');
    expect({ more, favourites }).toEqual({ more: few, favourites: few });
    // No recipient to check: one statement fewer.
    expect(commented).toBe(few - 1);
    // Maya chooses ten more photos: the same statements again (subqueries, never a list of ids).
    for (const i of [0, 1, 3, 4, 6, 7, 8, 10, 11]) await http().put(`/api/share/${mayaToken}/selection/${photos[i]}`);
    expect(await count(`selectedBy=${maya.documentId}&limit=100`)).toBe(few);
    for (const i of [0, 1, 3, 4, 6, 7, 8, 10, 11]) await http().delete(`/api/share/${mayaToken}/selection/${photos[i]}`);
  });

  it("lists the client's recipients for the filter, and no one else's", async () => {
    const res = await get(`/clients/${clientId}/recipients`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((link: any) => [link.documentId, link.recipientName, link.gallery.title])).toEqual([
      [maya.documentId, 'Maya', 'Fern proofing'],
      [jon.documentId, 'Jon', 'Fern proofing'],
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/tokenHash|passwordHash/);
  });
});

describe('the Proofing overview as pictures', () => {
  it('gives every photo it names with staff URLs, and what changed from round 1 to round 2', async () => {
    expect((await http().post(`/api/share/${mayaToken}/selection/confirm`)).status).toBe(201);
    expect((await http().post(`/client-gallery/links/${maya.documentId}/selection/reopen`).set('Authorization', `Bearer ${modifier}`).send({ reason: 'One more' })).status).toBe(200);
    await http().delete(`/api/share/${mayaToken}/selection/${photos[2]}`);
    await http().put(`/api/share/${mayaToken}/selection/${photos[0]}`);
    expect((await http().post(`/api/share/${mayaToken}/selection/confirm`)).status).toBe(201);

    const res = await get(`/galleries/${galleryId}/proofing`);
    expect(res.status).toBe(200);
    const recipient = res.body.data.recipients.find((r: any) => r.link.documentId === maya.documentId);
    expect(recipient.selection.items).toEqual([photos[9], photos[5], photos[0]]);
    expect(recipient.selection.changes).toEqual({ from: 1, to: 2, added: [photos[0]], removed: [photos[2]], kept: [photos[9], photos[5]] });
    const jonsView = res.body.data.recipients.find((r: any) => r.link.documentId === jon.documentId);
    expect(jonsView.selection.changes).toBeNull();
    // Every photo the view names (selections, rounds, favourites, threads) comes as the Photos tab lists it.
    const named = [0, 1, 2, 3, 4, 5, 7, 9].map((i) => photos[i]);
    expect(Object.keys(res.body.data.photos).sort()).toEqual([...named].sort());
    for (const id of named) {
      expect(res.body.data.photos[id]).toMatchObject({ documentId: id, thumbUrl: expect.any(String), previewUrl: expect.any(String) });
      // Never the original: the URLs name a derivative.
      expect(res.body.data.photos[id].thumbUrl).not.toMatch(/filters(_[a-z0-9]+)?\.jpg/);
    }
  });
});

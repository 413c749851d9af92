import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createClient, makeJpeg } from '../helpers/fixtures';
import { makeLink } from '../helpers/share';
import { binary, derivativeBytes, ingestPhoto, inspectZip } from '../helpers/downloads';
import { fetchUrl } from '../helpers/http';
import { createAdmin, createApiToken, PLUGIN_ACTIONS } from '../helpers/admin';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { renderRequest } from '../../src/plugins/client-gallery/server/src/lib/variants';

/**
 * "Downloaded images have watermarks" (seed 001): a watermarked link may deliver the clean photos
 * through its download routes (single downloads, the download manager, packages, the headless
 * API alike) while every view (thumb, preview, /media URL) stays watermarked. New links default
 * to watermarked downloads when watermarked; a switch of the setting ends what was minted under
 * the other one, and leaves the views alone.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let galleryId: string;
let imageIds: string[];
let sequence = 0;
const http = () => request(booted.baseUrl);
const GALLERY = 'plugin::client-gallery.gallery';

const design = () => strapi.plugin('client-gallery').service('watermark').studioDefault();
const clean = (id: string, variant: string) => derivativeBytes(strapi, id, variant, { watermark: null });
const marked = async (id: string, variant: string) => derivativeBytes(strapi, id, variant, { watermark: await design() });
const packages = () => strapi.plugin('client-gallery').service('download-package');

const download = (token: string, imageId: string) =>
  http().get(`/api/share/${token}/images/${imageId}/download`).query({ resolution: 'web' }).buffer(true).parse(binary as any);

async function link(settings: Record<string, unknown>) {
  sequence += 1;
  return makeLink(strapi, galleryId, { recipientEmail: `marks-${sequence}@client.test`, downloadsEnabled: true, resolutions: ['web'], ...settings });
}

/** Orders a package of the manager's photos (or the whole gallery), waits for it, and returns its URL, bytes and frozen row. */
async function packageOf(token: string) {
  const ordered = await http().post(`/api/share/${token}/packages`).send({ resolution: 'web' });
  expect(ordered.status).toBe(202);
  await packages().settled();
  const path = new URL(ordered.body.data.downloadUrl).pathname;
  const zip = await fetchUrl(strapi, path);
  const row = await strapi.db.query('plugin::client-gallery.download-package').findOne({ where: { documentId: ordered.body.data.id } });
  return { path, zip, row };
}

/** Each zip entry's bytes, in order. */
function entriesOf(bytes: Buffer) {
  const zip = inspectZip(bytes);
  try {
    return zip.names.map((name) => zip.read(name));
  } finally {
    zip.cleanup();
  }
}

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  const client = await createClient(strapi, 'Wanda Watermark');
  imageIds = [];
  for (let i = 0; i < 2; i += 1) {
    imageIds.push((await ingestPhoto(strapi, client.documentId, await makeJpeg(7100 + i, 640, 480), `wanda-${i}.jpg`, `Wanda ${i}`)).documentId);
  }
  const gallery = await strapi.documents(GALLERY).create({ data: { title: 'Wanda gallery', client: client.documentId, images: imageIds, stage: 'ready' } as any });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  galleryId = gallery.documentId;
});

afterAll(async () => {
  await packages().settled();
});

describe('a watermarked link whose downloads are clean', () => {
  let token: string;
  beforeAll(async () => {
    ({ token } = await link({ watermark: true, downloadsWatermarked: false }));
  });

  it('tells the visitor: views watermarked, downloads clean', async () => {
    const view = await http().get(`/api/share/${token}`);
    expect(view.body.data.link.settings).toMatchObject({ watermark: true, downloadsWatermarked: false });
  });

  it('keeps every view watermarked: thumbs and previews are the watermarked variants, never the clean ones', async () => {
    const listed = await http().get(`/api/share/${token}/images`);
    expect(listed.status).toBe(200);
    for (const image of listed.body.data) {
      expect(image.watermarked).toBe(true);
      for (const [url, variant] of [
        [image.thumbUrl, 'thumb'],
        [image.previewUrl, 'preview'],
      ]) {
        expect(new URL(url, 'http://x').pathname).toMatch(new RegExp(`/${renderRequest(variant, { watermark: await design() }).id}\\.jpg$`));
        const served = await fetchUrl(strapi, url);
        expect(served.status).toBe(200);
        expect(served.body.equals(await marked(image.id, variant))).toBe(true);
        expect(served.body.equals(await clean(image.id, variant))).toBe(false);
      }
    }
  });

  it('delivers the clean photo as a single download', async () => {
    const res = await download(token, imageIds[0]);
    expect(res.status).toBe(200);
    expect(res.body.equals(await clean(imageIds[0], 'web'))).toBe(true);
  });

  it('delivers clean files through the download manager\'s package: its frozen layout names the clean variant', async () => {
    const manager = await http().post(`/api/share/${token}/downloads`).send({ imageIds: [imageIds[1]] });
    expect(manager.status).toBe(200);
    const listed = await http().get(`/api/share/${token}/downloads`);
    expect(listed.body.data).toMatchObject({ watermarked: false, items: [{ imageId: imageIds[1] }] });
    const { zip, row } = await packageOf(token);
    expect(zip.status).toBe(200);
    expect(row.layout).toMatchObject({ variant: renderRequest('web', { watermark: null, keepMetadata: false }).id, watermarked: false });
    const entries = entriesOf(zip.body);
    expect(entries).toHaveLength(1);
    expect(entries[0].equals(await clean(imageIds[1], 'web'))).toBe(true);
  });
});

describe('a clean-viewing link whose downloads are watermarked (as before)', () => {
  it('shows clean views and delivers watermarked downloads and packages', async () => {
    const { token } = await link({ watermark: false, downloadsWatermarked: true });
    const listed = await http().get(`/api/share/${token}/images`);
    expect(listed.body.data[0].watermarked).toBe(false);
    expect((await fetchUrl(strapi, listed.body.data[0].thumbUrl)).body.equals(await clean(listed.body.data[0].id, 'thumb'))).toBe(true);
    expect((await download(token, imageIds[0])).body.equals(await marked(imageIds[0], 'web'))).toBe(true);
    const { zip, row } = await packageOf(token);
    expect(row.layout.watermarked).toBe(true);
    const entries = entriesOf(zip.body);
    expect(entries.map((entry) => entry.equals(Buffer.alloc(0)))).toEqual([false, false]);
    expect(entries[0].equals(await marked(imageIds[0], 'web')) || entries[0].equals(await marked(imageIds[1], 'web'))).toBe(true);
  });
});

describe('defaults: a link that does not name the downloads\' watermark', () => {
  let modifier: string;
  const admin = () => ({
    post: (path: string, body: object) => http().post(`/client-gallery${path}`).set('Authorization', `Bearer ${modifier}`).send(body),
    put: (path: string, body: object) => http().put(`/client-gallery${path}`).set('Authorization', `Bearer ${modifier}`).send(body),
  });
  beforeAll(async () => {
    modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'marks modifier')).token;
  });

  it('watermarks the downloads of a new watermarked link, and not those of a new clean one', async () => {
    const byDefault = await admin().post(`/galleries/${galleryId}/links`, { kind: 'private', recipientEmail: 'default-marks@client.test' });
    expect(byDefault.status).toBe(201);
    expect(byDefault.body.data.settings).toMatchObject({ watermark: true, downloadsWatermarked: true });
    const plain = await admin().post(`/galleries/${galleryId}/links`, { kind: 'private', recipientEmail: 'plain-marks@client.test', watermark: false });
    expect(plain.body.data.settings).toMatchObject({ watermark: false, downloadsWatermarked: false });
    const shared = await admin().post(`/galleries/${galleryId}/share-with-client`, { email: 'shared-marks@client.test', watermark: true });
    expect(shared.body.data.settings).toMatchObject({ watermark: true, downloadsWatermarked: true });
  });

  it('watermarks the downloads of a link switched to watermarked, and keeps a studio\'s clean choice after', async () => {
    const made = await admin().post(`/galleries/${galleryId}/links`, { kind: 'private', recipientEmail: 'switch-marks@client.test', watermark: false });
    const path = `/links/${made.body.data.documentId}`;
    expect((await admin().put(path, { watermark: true })).body.data.settings).toMatchObject({ watermark: true, downloadsWatermarked: true });
    expect((await admin().put(path, { downloadsWatermarked: false })).body.data.settings).toMatchObject({ watermark: true, downloadsWatermarked: false });
    expect((await admin().put(path, { watermark: true, expiresAt: null })).body.data.settings).toMatchObject({ watermark: true, downloadsWatermarked: false });
  });
});

describe('headless: the studio\'s REST API and the share API', () => {
  it('makes a watermarked link with clean downloads through REST, and its headless visitor downloads the clean photo and views watermarked', async () => {
    const auth = { Authorization: `Bearer ${await createApiToken(strapi)}` };
    const created = await http()
      .post('/api/share-links')
      .set(auth)
      .send({ data: { gallery: galleryId, kind: 'private', recipientEmail: 'rest-marks@client.test', watermark: true, downloadsWatermarked: false, downloadsEnabled: true } });
    expect(created.status).toBe(201);
    expect(created.body.data.settings).toMatchObject({ watermark: true, downloadsWatermarked: false });
    const token = created.body.meta.token as string;
    expect((await download(token, imageIds[1])).body.equals(await clean(imageIds[1], 'web'))).toBe(true);
    const listed = await http().get(`/api/share/${token}/images`);
    expect((await fetchUrl(strapi, listed.body.data[0].previewUrl)).body.equals(await marked(listed.body.data[0].id, 'preview'))).toBe(true);

    const byDefault = await http()
      .post('/api/share-links')
      .set(auth)
      .send({ data: { gallery: galleryId, kind: 'private', recipientEmail: 'rest-default@client.test', watermark: true, downloadsEnabled: true } });
    expect(byDefault.body.data.settings).toMatchObject({ watermark: true, downloadsWatermarked: true });
    expect((await download(byDefault.body.meta.token, imageIds[1])).body.equals(await marked(imageIds[1], 'web'))).toBe(true);
  });
});

describe('switching the downloads\' watermark', () => {
  it('watermarks the next single download at once, makes the clean package again watermarked, and leaves the views as they were', async () => {
    const { token, link: made } = await link({ watermark: true, downloadsWatermarked: false });
    const listed = await http().get(`/api/share/${token}/images`);
    const thumb = await fetchUrl(strapi, listed.body.data[0].thumbUrl);
    const before = await packageOf(token);
    expect(before.row.layout.watermarked).toBe(false);

    await strapi.plugin('client-gallery').service('share-link').updateSettings(made.documentId, { downloadsWatermarked: true });
    // No cache stands between a setting and a download: the very next request follows it.
    expect((await download(token, imageIds[0])).body.equals(await marked(imageIds[0], 'web'))).toBe(true);
    expect((await fetchUrl(strapi, before.path)).status).toBe(409);
    await packages().settled();
    const after = await fetchUrl(strapi, before.path);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.zip.headers.etag);
    const row = await strapi.db.query('plugin::client-gallery.download-package').findOne({ where: { id: before.row.id } });
    expect(row.layout.watermarked).toBe(true);

    // The views never depended on it: the thumb URL minted before still serves the same watermarked bytes, past the capability cache.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const again = await fetchUrl(strapi, listed.body.data[0].thumbUrl);
    expect([again.status, again.body.equals(thumb.body)]).toEqual([200, true]);
  });

  it('ends a watermarked package when the studio unchecks it: made again from the clean photos', async () => {
    const { token, link: made } = await link({ watermark: true });
    const before = await packageOf(token);
    expect(before.row.layout.watermarked).toBe(true);
    await strapi.plugin('client-gallery').service('share-link').updateSettings(made.documentId, { downloadsWatermarked: false });
    expect((await fetchUrl(strapi, before.path)).status).toBe(409);
    await packages().settled();
    const after = await fetchUrl(strapi, before.path);
    expect(after.status).toBe(200);
    const cleanFiles = await Promise.all(imageIds.map((id) => clean(id, 'web')));
    for (const entry of entriesOf(after.body)) expect(cleanFiles.some((file) => file.equals(entry))).toBe(true);
  });
});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { usePostgres } from '../helpers/database';
import { startStrapiWorker } from '../helpers/second-process';
import { createClient } from '../helpers/fixtures';
import { makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, type TestSmtp } from '../helpers/smtp';
import { photo, inspectDelivered } from '../helpers/photos';
import { binary, derivativeBytes, hangUpOnLastByte, ingestPhoto, inspectZip } from '../helpers/downloads';

/**
 * Downloads: the download manager, single downloads, packages and their zips, limits.
 * Fixed photos (one with GPS and a body serial) in a gallery in "ready" status.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
// A listening server: 200 concurrent requests need one real port, not supertest's per-request listen.
let base: string;
const http = () => request(base);
const GALLERY = 'plugin::client-gallery.gallery';
const LINK = 'plugin::client-gallery.share-link';

let gallery: { documentId: string };
let other: { imageId: string };
let imageIds: string[];
let gpsImage: string;

async function makeReadyGallery(name: string, count: number, options: { gpsFirst?: boolean } = {}) {
  const client = await createClient(strapi, name);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const bytes = await photo({ width: 640, height: 480, seed: i + 1 + name.length, gps: options.gpsFirst && i === 0, takenAt: `2026:05:20 1${i % 10}:00:0${i % 10}` });
    ids.push((await ingestPhoto(strapi, client.documentId, bytes, `${name.split(' ')[0].toLowerCase()}-${i + 1}.jpg`, i % 2 ? 'Portraits' : 'Ceremony')).documentId);
  }
  const created = await strapi.documents(GALLERY).create({ data: { title: `${name} gallery`, client: client.documentId, images: ids, stage: 'ready' } as any });
  await strapi.documents(GALLERY).publish({ documentId: created.documentId });
  return { documentId: created.documentId, ids };
}

const link = (settings: Record<string, unknown>) =>
  makeLink(strapi, gallery.documentId, { recipientEmail: `visitor-${Math.random().toString(36).slice(2, 8)}@client.test`, downloadsEnabled: true, resolutions: ['web', 'high', 'original'], watermark: false, ...settings });

const download = (token: string, imageId: string, resolution = 'web') =>
  http().get(`/api/share/${token}/images/${imageId}/download`).query({ resolution }).buffer(true).parse(binary as any);
const used = async (token: string) => (await http().get(`/api/share/${token}/downloads`)).body.data.used;

beforeAll(async () => {
  smtp = await startSmtp();
  // The race orders 50 packages on one link: past the visitor's hourly package cap, which is not what it measures.
  booted = await bootStrapi(
    'downloads',
    smtpEnv(smtp, { PUBLIC_URL: 'http://127.0.0.1', STUDIO_NAME: 'Lumen Studio', STUDIO_NOTIFY_EMAIL: 'studio@studio.test', VISITOR_PACKAGES_PER_LINK: '1000' }),
  );
  strapi = booted.strapi;
  base = booted.baseUrl;
  const made = await makeReadyGallery('Dora Download', 6, { gpsFirst: true });
  gallery = { documentId: made.documentId };
  imageIds = made.ids;
  gpsImage = made.ids[0];
  other = { imageId: (await makeReadyGallery('Otto Other', 1)).ids[0] };
}, 180000);

afterAll(async () => {
  await strapi?.service('plugin::client-gallery.download-package').settled();
  await booted?.stop();
  await smtp?.stop();
});

describe('downloads', () => {
  describe('refusals (before any happy path)', () => {
    it('answers unknown, revoked and expired tokens with the same 404, and consumes nothing', async () => {
      const revoked = await link({ downloadLimit: 5 });
      await strapi.db.query(LINK).update({ where: { id: revoked.link.id }, data: { revokedAt: new Date() } });
      const expired = await link({ downloadLimit: 5, expiresAt: new Date(Date.now() - 1000) });
      for (const token of ['x'.repeat(43), revoked.token, expired.token]) {
        expect((await download(token, imageIds[1])).status).toBe(404);
        expect((await http().get(`/api/share/${token}/downloads`)).status).toBe(404);
        expect((await http().post(`/api/share/${token}/packages`).send({ resolution: 'web' })).status).toBe(404);
      }
      expect((await strapi.db.query(LINK).findOne({ where: { id: revoked.link.id } })).downloadsUsed).toBe(0);
    });

    it('answers an image of another gallery with 404 and a malformed request with 400', async () => {
      const { token } = await link({ downloadLimit: 5 });
      expect((await download(token, other.imageId)).status).toBe(404);
      expect((await download(token, imageIds[1], 'huge')).status).toBe(400);
      for (const body of [{}, { resolution: 'web', imageIds: [] }, { resolution: 'web', imageIds: 'all' }, { resolution: 'web', extra: 1 }]) {
        expect((await http().post(`/api/share/${token}/packages`).send(body)).status).toBe(400);
      }
      expect((await http().post(`/api/share/${token}/packages`).send({ resolution: 'web', imageIds: [imageIds[1], other.imageId] })).status).toBe(404);
      expect(await used(token)).toBe(0);
    });

    it('refuses with 403 when downloads are disabled or the resolution is not offered', async () => {
      const disabled = await link({ downloadsEnabled: false });
      const res = await download(disabled.token, imageIds[1]);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body.toString()).error.name).toBe('ActionNotAllowedError');
      const webOnly = await link({ resolutions: ['web'], downloadLimit: 5 });
      expect((await download(webOnly.token, imageIds[1], 'original')).status).toBe(403);
      expect((await http().post(`/api/share/${webOnly.token}/packages`).send({ resolution: 'high' })).status).toBe(403);
      expect(await used(webOnly.token)).toBe(0);
    });

    it('asks for a claim first on a limited general link', async () => {
      const general = await makeLink(strapi, gallery.documentId, { kind: 'general', downloadsEnabled: true, downloadLimit: 3, resolutions: ['web'] });
      for (const res of [
        await download(general.token, imageIds[1]),
        await http().get(`/api/share/${general.token}/downloads`),
        await http().post(`/api/share/${general.token}/packages`).send({ resolution: 'web' }),
      ]) {
        expect(res.status).toBe(403);
        expect(JSON.parse(Buffer.isBuffer(res.body) ? res.body.toString() : JSON.stringify(res.body)).error.name).toBe('ClaimRequiredError');
      }
    });
  });

  describe('single download', () => {
    it('streams the link\'s variant under a safe, readable name, without GPS or serials', async () => {
      const { token } = await link({ downloadLimit: 10 });
      const res = await download(token, gpsImage);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="Ceremony 2026-05-20 10\.00\.jpg"/);
      expect(res.headers['cache-control']).toContain('private');
      expect(res.body.equals(await derivativeBytes(strapi, gpsImage, 'web', { watermark: null }))).toBe(true);
      const seen = await inspectDelivered(res.body);
      expect(seen).toMatchObject({ gps: null, serial: null, width: 640, height: 480 });
    });

    it('puts the watermark on downloads when the link says so', async () => {
      const { token } = await link({ downloadLimit: 10, downloadsWatermarked: true });
      const res = await download(token, imageIds[2]);
      const design = await strapi.plugin('client-gallery').service('watermark').studioDefault();
      expect(res.body.equals(await derivativeBytes(strapi, imageIds[2], 'web', { watermark: design }))).toBe(true);
      expect(res.body.equals(await derivativeBytes(strapi, imageIds[2], 'web', { watermark: null }))).toBe(false);
    });

    it('charges a photo once: downloading it again is free', async () => {
      const { token } = await link({ downloadLimit: 2 });
      expect((await download(token, imageIds[1])).status).toBe(200);
      expect((await download(token, imageIds[1], 'high')).status).toBe(200);
      expect((await download(token, imageIds[1])).status).toBe(200);
      expect(await used(token)).toBe(1);
    });

    it('stops at the limit, and a raised limit works at once', async () => {
      const { token, link: row } = await link({ downloadLimit: 1 });
      expect((await download(token, imageIds[1])).status).toBe(200);
      const refused = await download(token, imageIds[2]);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body.toString()).error).toMatchObject({ name: 'DownloadLimitReachedError', details: { limit: 1, used: 1, remaining: 0 } });
      await strapi.db.query(LINK).update({ where: { id: row.id }, data: { downloadLimit: 2 } });
      expect((await download(token, imageIds[2])).status).toBe(200);
    });
  });

  describe('delivery record', () => {
    it('counts a download as delivered when the client hangs up on receiving its last byte', async () => {
      const links = await Promise.all(Array.from({ length: 12 }, () => link({ downloadLimit: 1 })));
      for (const { token } of links) expect(await hangUpOnLastByte(base, `/api/share/${token}/images/${imageIds[2]}/download?resolution=web`)).toBeGreaterThan(1000);
      const states = async () =>
        Promise.all(
          links.map(async ({ token }) => {
            const listed = (await http().get(`/api/share/${token}/images?limit=100`)).body.data.find((image: any) => image.id === imageIds[2]);
            return listed.downloaded ? 'downloaded' : 'not marked';
          }),
        );
      let seen = await states();
      for (let i = 0; i < 50 && seen.some((state) => state !== 'downloaded'); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        seen = await states();
      }
      expect(seen).toEqual(links.map(() => 'downloaded'));
    });
  });

  describe('download manager', () => {
    it('lists items with their state; a queued item can be removed, a downloaded one cannot (409)', async () => {
      const { token } = await link({ downloadLimit: 4 });
      const added = await http().post(`/api/share/${token}/downloads`).send({ imageIds: [imageIds[1], imageIds[2], imageIds[3]] });
      expect(added.status).toBe(200);
      expect(added.body.data).toMatchObject({ limit: 4, used: 0, remaining: 4 });
      expect(added.body.data.items.map((i: any) => i.state)).toEqual(['queued', 'queued', 'queued']);

      expect((await http().delete(`/api/share/${token}/downloads/${imageIds[3]}`)).status).toBe(200);
      await download(token, imageIds[1]);
      // "downloaded" is recorded once the last byte has left the server, just after the client has it.
      let view = await http().get(`/api/share/${token}/downloads`);
      for (let i = 0; i < 50 && view.body.data.items[0]?.state !== 'downloaded'; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        view = await http().get(`/api/share/${token}/downloads`);
      }
      expect(view.body.data).toMatchObject({ used: 1, remaining: 3 });
      expect(view.body.data.items).toEqual([
        expect.objectContaining({ imageId: imageIds[1], state: 'downloaded', removable: false }),
        expect.objectContaining({ imageId: imageIds[2], state: 'queued', removable: true }),
      ]);
      const conflict = await http().delete(`/api/share/${token}/downloads/${imageIds[1]}`);
      expect(conflict.status).toBe(409);
      expect((await http().delete(`/api/share/${token}/downloads/${imageIds[4]}`)).status).toBe(404);

      // One photo of another gallery in the list: 404, and none of the list is added.
      expect((await http().post(`/api/share/${token}/downloads`).send({ imageIds: [imageIds[4], other.imageId] })).status).toBe(404);
      expect((await http().get(`/api/share/${token}/downloads`)).body.data.items).toHaveLength(2);
    });
  });

  describe('packages', () => {
    it('takes the grants, answers "preparing", mails progress and the link, and the zip passes unzip -t byte for byte', async () => {
      const email = 'pia.package@client.test';
      const { token } = await makeLink(strapi, gallery.documentId, { recipientEmail: email, downloadsEnabled: true, downloadLimit: 10, resolutions: ['web', 'high'], watermark: false });
      const res = await http().post(`/api/share/${token}/packages`).send({ resolution: 'high', imageIds: [imageIds[0], imageIds[1], imageIds[2]] });
      expect(res.status).toBe(202);
      expect(res.body.data).toMatchObject({ status: 'preparing', resolution: 'high', imageCount: 3 });
      expect(await used(token)).toBe(3);

      await smtp.waitFor((m) => m.to.includes(email) && /Preparing/.test(m.subject));
      const ready = await smtp.waitFor((m) => m.to.includes(email) && /ready/.test(m.subject));
      const url = /http:\/\/127\.0\.0\.1\/api\/packages\/(\S+)/.exec(ready.text)![1];
      const zip = await http().get(`/api/packages/${url}`).buffer(true).parse(binary as any);
      expect(zip.status).toBe(200);
      expect(zip.headers['content-type']).toBe('application/zip');
      const archive = inspectZip(zip.body);
      try {
        expect(archive.test).toMatch(/No errors detected/);
        expect(archive.names).toHaveLength(3);
        for (const [i, name] of archive.names.entries()) {
          const bytes = archive.read(name);
          expect(bytes.equals(await derivativeBytes(strapi, [imageIds[0], imageIds[1], imageIds[2]][i], 'high', { watermark: null }))).toBe(true);
          expect((await inspectDelivered(bytes)).gps).toBeNull();
        }
      } finally {
        archive.cleanup();
      }
      // Downloading the zip again costs nothing more.
      expect((await http().get(`/api/packages/${url}`).buffer(true).parse(binary as any)).status).toBe(200);
      expect(await used(token)).toBe(3);
      const row = await strapi.db.query('plugin::client-gallery.download-package').findOne({ where: { documentId: res.body.data.id } });
      expect(row.status).toBe('ready');
    });

    it('without imageIds packs the download manager, else the whole gallery, deduplicating names', async () => {
      const { token } = await link({ downloadLimit: null });
      await http().post(`/api/share/${token}/downloads`).send({ imageIds: [imageIds[3], imageIds[4]] });
      const fromManager = await http().post(`/api/share/${token}/packages`).send({ resolution: 'web' });
      expect(fromManager.body.data.imageCount).toBe(2);

      const other = await link({ downloadLimit: null });
      const whole = await http().post(`/api/share/${other.token}/packages`).send({ resolution: 'web' });
      expect(whole.body.data.imageCount).toBe(imageIds.length);
      await strapi.plugin('client-gallery').service('download-package').settled();
      const zip = await http().get(new URL(whole.body.data.downloadUrl).pathname).buffer(true).parse(binary as any);
      const archive = inspectZip(zip.body);
      try {
        expect(new Set(archive.names.map((n) => n.toLowerCase())).size).toBe(imageIds.length);
      } finally {
        archive.cleanup();
      }
    });

    it('refuses tampered, revoked and expired package links with 404', async () => {
      const { token, link: row } = await link({ downloadLimit: null });
      const res = await http().post(`/api/share/${token}/packages`).send({ resolution: 'web', imageIds: [imageIds[1]] });
      const path = new URL(res.body.data.downloadUrl).pathname;
      const tampered = path.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
      expect((await http().get(tampered)).status).toBe(404);
      expect((await http().get('/api/packages/pk1.1.99999999999.xyz')).status).toBe(404);
      await strapi.db.query(LINK).update({ where: { id: row.id }, data: { revokedAt: new Date() } });
      expect((await http().get(path)).status).toBe(404);
    });

    it('marks packages past their expiry "expired", and their links stop working', async () => {
      const { token } = await link({ downloadLimit: null });
      const res = await http().post(`/api/share/${token}/packages`).send({ resolution: 'web', imageIds: [imageIds[2]] });
      expect(res.status).toBe(202);
      await strapi.plugin('client-gallery').service('download-package').settled();
      const packages = strapi.db.query('plugin::client-gallery.download-package');
      const before = await packages.findOne({ where: { documentId: res.body.data.id } });
      expect(before.status).toBe('ready');
      const path = new URL(res.body.data.downloadUrl).pathname;
      const expiry = new Date(before.expiresAt);

      const service = strapi.plugin('client-gallery').service('download-package');
      await service.expireOld(new Date(expiry.getTime() - 1000));
      expect((await packages.findOne({ where: { id: before.id } })).status).toBe('ready');
      expect(await service.expireOld(new Date(expiry.getTime() + 1000))).toBeGreaterThanOrEqual(1);
      expect((await packages.findOne({ where: { id: before.id } })).status).toBe('expired');
      expect((await http().get(path)).status).toBe(404);
    });

    it('a storage failure mid-stream aborts the response, consumes nothing more, and a retry succeeds', async () => {
      const { token } = await link({ downloadLimit: 10 });
      const res = await http().post(`/api/share/${token}/packages`).send({ resolution: 'web', imageIds: imageIds.slice(0, 4) });
      const path = new URL(res.body.data.downloadUrl).pathname;
      await strapi.plugin('client-gallery').service('download-package').settled();
      const storage = strapi.plugin('client-gallery').service('storage');
      // A package reads each entry's stored bytes as a range of them (the whole file when sent whole).
      const realOpen = storage.openRange.bind(storage);
      let opened = 0;
      const spy = jest.spyOn(storage, 'openRange').mockImplementation(async (object: any, range: any) => {
        opened += 1;
        if (opened === 3) throw new Error('storage unavailable');
        return realOpen(object, range);
      });
      let failed: Buffer | null = null;
      try {
        failed = await new Promise<Buffer | null>((resolve) => {
          http()
            .get(path)
            .buffer(true)
            .parse(binary as any)
            .end((error, response) => resolve(error ? null : (response.body as Buffer)));
        });
      } finally {
        spy.mockRestore();
      }
      if (failed) expect(() => inspectZip(failed!)).toThrow();
      expect(await used(token)).toBe(4);
      const retry = await http().get(path).buffer(true).parse(binary as any);
      const archive = inspectZip(retry.body);
      try {
        expect(archive.names).toHaveLength(4);
      } finally {
        archive.cleanup();
      }
      expect(await used(token)).toBe(4);
    });
  });

  describe('limits under concurrency', () => {
    async function race(token: string, send: (i: number) => Promise<request.Response>) {
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => send(i)));
      const linkRow = await strapi.db.query(LINK).findOne({ where: { tokenHash: require('crypto').createHash('sha256').update(token).digest('hex') } });
      const grants = await strapi.db.query('plugin::client-gallery.download-grant').count({ where: { link: { id: linkRow.id }, state: 'granted' } });
      return { results, grants, used: linkRow.downloadsUsed };
    }

    let many: string[];
    beforeAll(async () => {
      // 200 distinct photos in the race gallery share one tiny source, so the race measures counting, not sharp.
      const client = await createClient(strapi, 'Rita Racer');
      const first = await ingestPhoto(strapi, client.documentId, await photo({ width: 64, height: 48, seed: 99 }), 'race.jpg');
      const source = await strapi.db.query('plugin::client-gallery.gallery-image').findOne({ where: { documentId: first.documentId }, populate: { file: true } });
      many = [first.documentId];
      for (let i = 1; i < 200; i += 1) {
        const copy = await strapi.documents('plugin::client-gallery.gallery-image').create({
          data: { file: source.file.id, client: client.documentId, takenAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), checksum: source.checksum, width: 64, height: 48, derivatives: source.derivatives } as any,
        });
        many.push(copy.documentId);
      }
      const created = await strapi.documents(GALLERY).create({ data: { title: 'Race', client: client.documentId, images: many, stage: 'ready' } as any });
      await strapi.documents(GALLERY).publish({ documentId: created.documentId });
      gallery = { documentId: created.documentId };
      await strapi.plugin('client-gallery').service('derivatives').ensure(first.documentId, 'web', {});
    }, 180000);

    it('grants exactly the limit to 200 concurrent requests, single photos and packages mixed', async () => {
      const { token } = await link({ downloadLimit: 50, resolutions: ['web'] });
      const { results, grants, used: counted } = await race(token, (i) =>
        i % 4 === 0
          ? http().post(`/api/share/${token}/packages`).send({ resolution: 'web', imageIds: many.slice(i, i + 3) })
          : download(token, many[i]),
      );
      expect(results.every((r) => [200, 202, 403].includes(r.status))).toBe(true);
      expect(grants).toBe(50);
      expect(counted).toBe(50);
    });

    (usePostgres ? it : it.skip)('grants exactly the limit when two Strapi processes serve the requests (PostgreSQL)', async () => {
      const worker = await startStrapiWorker({ ...booted.database.env, VISITOR_PACKAGES_PER_LINK: '1000' });
      try {
        const { token } = await link({ downloadLimit: 50, resolutions: ['web'] });
        const second = request(`http://127.0.0.1:${worker.port}`);
        const { results, grants, used: counted } = await race(token, (i) => {
          // Blocks of four alternate between processes, so both serve single downloads and packages.
          const target = Math.floor(i / 4) % 2 === 0 ? http() : second;
          return i % 4 === 1
            ? target.post(`/api/share/${token}/packages`).send({ resolution: 'web', imageIds: many.slice(i, i + 3) })
            : target.get(`/api/share/${token}/images/${many[i]}/download`).query({ resolution: 'web' }).buffer(true).parse(binary as any);
        });
        expect(results.filter((r, i) => Math.floor(i / 4) % 2 === 1 && r.status < 300).length).toBeGreaterThan(0);
        expect(grants).toBe(50);
        expect(counted).toBe(50);
      } finally {
        await worker.stop();
      }
    });
  });
});

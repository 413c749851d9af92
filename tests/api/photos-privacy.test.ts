import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createAdmin, createApiToken, createSuperAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import { photo } from '../helpers/photos';
import { PROVIDERS, startStorage, type TestStorage } from '../helpers/storage';
import { fetchUrl, isSignedUrl, urlsIn } from '../helpers/http';

const IMAGE = 'plugin::client-gallery.gallery-image';

/** Replace one character of the signature: same length, wrong value. */
const tamper = (sig: string) => (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);

describe.each(PROVIDERS)('gallery file privacy (%s provider)', (providerName) => {
  let booted: BootedStrapi;
  let strapi: Core.Strapi;
  let storage: TestStorage;
  let modifier: string;
  let superAdmin: string;
  let apiToken: string;
  let documentId: string;
  let fileHash: string;
  const http = () => request(strapi.server.httpServer);

  beforeAll(async () => {
    storage = await startStorage(providerName);
    booted = await bootStrapi(`photos-privacy-${providerName}`, storage.env);
    strapi = booted.strapi;
    modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
    superAdmin = (await createSuperAdmin(strapi)).token;
    apiToken = await createApiToken(strapi);
    const client = await createClient(strapi, 'Priya Private');
    const res = await http()
      .post(`/client-gallery/clients/${client.documentId}/images`)
      .set('Authorization', `Bearer ${modifier}`)
      .attach('files', await photo({ seed: 21, width: 900, height: 600, gps: true }), { filename: 'private.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(201);
    documentId = res.body.results[0].image.documentId;
    fileHash = (await strapi.db.query(IMAGE).findOne({ where: { documentId }, populate: { file: true } })).file.hash;
  });

  afterAll(async () => {
    await booted?.stop();
    await storage?.stop();
  });

  const derivatives = () => strapi.plugin('client-gallery').service('derivatives');

  describe('no API response carries an unsigned storage URL', () => {
    const expectAllSigned = (body: unknown) => {
      const urls = urlsIn(body);
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect({ url, signed: isSignedUrl(url) }).toEqual({ url, signed: true });
    };

    it('REST find and findOne on gallery-images with the file populated', async () => {
      const list = await http().get('/api/gallery-images?populate=file').set('Authorization', `Bearer ${apiToken}`);
      expect(list.status).toBe(200);
      expectAllSigned(list.body);
      expect(JSON.stringify(list.body)).not.toContain('derivatives');
      const one = await http().get(`/api/gallery-images/${documentId}?populate=*`).set('Authorization', `Bearer ${apiToken}`);
      expectAllSigned(one.body);
    });

    it('the upload plugin file listings (content API and admin)', async () => {
      const content = await http().get('/api/upload/files').set('Authorization', `Bearer ${apiToken}`);
      expect(content.status).toBe(200);
      expectAllSigned(content.body);
      const admin = await http().get('/upload/files').set('Authorization', `Bearer ${superAdmin}`);
      expect(admin.status).toBe(200);
      expectAllSigned(admin.body);
    });

    it('the client-gallery admin image listing and the Content Manager', async () => {
      const client = await strapi.db.query(IMAGE).findOne({ where: { documentId }, populate: { client: true } });
      const listing = await http().get(`/client-gallery/clients/${client.client.documentId}/images`).set('Authorization', `Bearer ${modifier}`);
      expectAllSigned(listing.body);
      const cm = await http().get(`/content-manager/collection-types/${IMAGE}/${documentId}`).set('Authorization', `Bearer ${superAdmin}`);
      expect(cm.status).toBe(200);
      expectAllSigned(cm.body);
    });
  });

  describe('a signed URL', () => {
    it('names one variant, lives at most 15 minutes and streams the file', async () => {
      const url = await derivatives().signedUrl(documentId, 'preview');
      expect(isSignedUrl(url)).toBe(true);
      const fetched = await fetchUrl(strapi, url);
      expect(fetched.status).toBe(200);
      expect(fetched.headers['content-type']).toBe('image/jpeg');
    });
  });

  if (providerName === 'private-local') {
    describe('GET /media/<key>', () => {
      let url: URL;
      let key: string;
      beforeAll(async () => {
        url = new URL(await derivatives().signedUrl(documentId, 'preview'), 'http://app.test');
        key = url.pathname.slice('/media/'.length);
      });
      const get = (path: string, headers: Record<string, string> = {}) => http().get(path).set(headers);

      it('serves with Content-Type, ETag, Cache-Control private, and 304 on a matching ETag', async () => {
        const res = await get(`${url.pathname}${url.search}`);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('image/jpeg');
        expect(res.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
        expect(Number(res.headers['cache-control'].split('=')[1])).toBeLessThanOrEqual(900);
        expect(res.headers.etag).toMatch(/^".+"$/);
        expect((await get(`${url.pathname}${url.search}`, { 'If-None-Match': res.headers.etag })).status).toBe(304);
      });

      it('answers a byte range with 206 and an unsatisfiable one with 416', async () => {
        const full = await fetchUrl(strapi, `${url.pathname}${url.search}`);
        const part = await fetchUrl(strapi, `${url.pathname}${url.search}`, { Range: 'bytes=10-109' });
        expect(part.status).toBe(206);
        expect(part.headers['content-range']).toBe(`bytes 10-109/${full.body.length}`);
        expect(part.body.equals(full.body.subarray(10, 110))).toBe(true);
        const tail = await fetchUrl(strapi, `${url.pathname}${url.search}`, { Range: 'bytes=-50' });
        expect(tail.body.equals(full.body.subarray(full.body.length - 50))).toBe(true);
        expect((await get(`${url.pathname}${url.search}`, { Range: `bytes=${full.body.length + 10}-` })).status).toBe(416);
      });

      it('refuses no signature, a tampered one, an expired one, and one made for another key', async () => {
        const exp = url.searchParams.get('exp')!;
        const sig = url.searchParams.get('sig')!;
        const thumbUrl = new URL(await derivatives().signedUrl(documentId, 'thumb'), 'http://app.test');
        const signer = (await import('strapi-provider-upload-private-local')) as typeof import('strapi-provider-upload-private-local');
        const past = Math.floor(Date.now() / 1000) - 5;
        const farFuture = Math.floor(Date.now() / 1000) + 86_400;
        const secret = process.env.MEDIA_SIGNING_SECRET!;
        const attempts = [
          `/media/${key}`,
          `/media/${key}?exp=${exp}`,
          `/media/${key}?sig=${sig}`,
          `/media/${key}?exp=${exp}&sig=${tamper(sig)}`,
          `/media/${key}?exp=${Number(exp) + 1}&sig=${sig}`,
          `/media/${key}?exp=${past}&sig=${signer.sign(key, past, secret)}`,
          `/media/${key}?exp=${farFuture}&sig=${signer.sign(key, farFuture, secret)}`,
          `/media/${key}?exp=${thumbUrl.searchParams.get('exp')}&sig=${thumbUrl.searchParams.get('sig')}`,
          `/media/${key}?exp=${exp}&sig=${signer.sign(key, Number(exp), 'some-other-secret')}`,
        ];
        for (const attempt of attempts) expect({ attempt, status: (await get(attempt)).status }).toEqual({ attempt, status: 404 });
      });

      it('refuses path traversal in the key, even when it is signed', async () => {
        const secret = process.env.MEDIA_SIGNING_SECRET!;
        const signer = (await import('strapi-provider-upload-private-local')) as typeof import('strapi-provider-upload-private-local');
        const exp = Math.floor(Date.now() / 1000) + 60;
        for (const evil of ['../../package.json', 'derivatives/../../../.env', '%2e%2e/%2e%2e/package.json', '..%2f..%2fpackage.json', '.env', `derivatives//${key}`]) {
          const res = await get(`/media/${evil}?exp=${exp}&sig=${signer.sign(evil, exp, secret)}`);
          expect({ evil, status: res.status }).toEqual({ evil, status: 404 });
        }
      });

      it('serves nothing under /uploads: guesses at public paths find no gallery file', async () => {
        const file = await strapi.db.query('plugin::upload.file').findOne({ where: { hash: fileHash } });
        for (const guess of [`/uploads/${file.hash}${file.ext}`, `/uploads/${key}`, `/uploads/thumbnail_${file.hash}${file.ext}`, `/${key}`]) {
          expect({ guess, status: (await http().get(guess)).status }).toEqual({ guess, status: 404 });
        }
      });
    });
  } else {
    describe('S3 presigned URLs', () => {
      it('are the only URLs handed out, and the /media route serves nothing for S3 files', async () => {
        const url = new URL(await derivatives().signedUrl(documentId, 'preview'));
        expect(url.origin).toBe(process.env.S3_ENDPOINT);
        expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
        const key = url.pathname.split('/').slice(2).join('/');
        expect((await http().get(`/media/${key}`)).status).toBe(404);
        expect((await http().get(`/uploads/${key}`)).status).toBe(404);
      });
    });
  }
});

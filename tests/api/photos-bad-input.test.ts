import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createAdmin, createApiToken, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import { photo, pixelBomb, SVG_IMAGE, TEXT_FILE, truncatedJpeg } from '../helpers/photos';
import { PROVIDERS, startStorage, type TestStorage } from '../helpers/storage';

const IMAGE = 'plugin::client-gallery.gallery-image';
const FILE = 'plugin::upload.file';
/** Small enough that a test file can exceed it cheaply. */
const SIZE_LIMIT = 2 * 1024 * 1024;

describe.each(PROVIDERS)('photo ingest refuses bad input and stores nothing (%s provider)', (providerName) => {
  let booted: BootedStrapi;
  let strapi: Core.Strapi;
  let storage: TestStorage;
  let modifier: string;
  let apiToken: string;
  let clientId: string;
  const http = () => request(strapi.server.httpServer);

  beforeAll(async () => {
    storage = await startStorage(providerName);
    booted = await bootStrapi(`photos-bad-${providerName}`, { ...storage.env, UPLOAD_MAX_FILE_SIZE: String(SIZE_LIMIT) });
    strapi = booted.strapi;
    modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
    apiToken = await createApiToken(strapi);
    clientId = (await createClient(strapi, 'Bad Input Betty')).documentId;
  });

  afterAll(async () => {
    await booted?.stop();
    await storage?.stop();
  });

  async function expectNothingStored() {
    expect(storage.keys(booted.uploadDir)).toEqual([]);
    expect(await strapi.db.query(IMAGE).count()).toBe(0);
    expect(await strapi.db.query(FILE).count()).toBe(0);
  }

  const oversized = async () => {
    // Random bytes after a real JPEG: a valid header, and more than SIZE_LIMIT bytes.
    const head = await photo({ seed: 30 });
    return Buffer.concat([head, Buffer.alloc(SIZE_LIMIT + 1024, 7)]);
  };

  const cases: Array<{ name: string; file: () => Promise<Buffer> | Buffer; filename: string; contentType: string; status: number; message: RegExp }> = [
    { name: 'a text file renamed .jpg', file: () => TEXT_FILE, filename: 'notes.jpg', contentType: 'image/jpeg', status: 400, message: /not an image/ },
    { name: 'a truncated JPEG', file: truncatedJpeg, filename: 'cut.jpg', contentType: 'image/jpeg', status: 400, message: /could not be decoded/ },
    { name: 'a zero-byte file', file: () => Buffer.alloc(0), filename: 'empty.jpg', contentType: 'image/jpeg', status: 400, message: /empty/ },
    { name: 'an SVG', file: () => SVG_IMAGE, filename: 'vector.svg', contentType: 'image/svg+xml', status: 400, message: /not an image in a supported format/ },
    { name: 'a 30000×30000 pixel bomb', file: pixelBomb, filename: 'bomb.png', contentType: 'image/png', status: 400, message: /more than \d+ pixels/ },
    { name: 'a file over the size limit', file: oversized, filename: 'huge.jpg', contentType: 'image/jpeg', status: 413, message: /size limit/ },
    { name: 'a file name with ../ in it', file: () => photo({ seed: 31 }), filename: '../../etc/evil.jpg', contentType: 'image/jpeg', status: 400, message: /path/ },
  ];

  describe.each(['admin route', 'REST'])('through the %s', (route) => {
    it.each(cases)('refuses $name with $status', async ({ file, filename, contentType, status, message }) => {
      const bytes = await file();
      const res =
        route === 'REST'
          ? await http().post('/api/gallery-images/ingest').set('Authorization', `Bearer ${apiToken}`).field('client', clientId).attach('files', bytes, { filename, filepath: filename, contentType } as { filename: string; contentType: string })
          : await http().post(`/client-gallery/clients/${clientId}/images`).set('Authorization', `Bearer ${modifier}`).attach('files', bytes, { filename, filepath: filename, contentType } as { filename: string; contentType: string });
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
      await expectNothingStored();
    });
  });

  it('refuses a whole batch when one of its files is bad, storing none of the good ones', async () => {
    const res = await http()
      .post(`/client-gallery/clients/${clientId}/images`)
      .set('Authorization', `Bearer ${modifier}`)
      .attach('files', await photo({ seed: 32 }), { filename: 'good-1.jpg', contentType: 'image/jpeg' })
      .attach('files', await photo({ seed: 33 }), { filename: 'good-2.jpg', contentType: 'image/jpeg' })
      .attach('files', await truncatedJpeg(), { filename: 'bad.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(400);
    await expectNothingStored();
  });

  it('refuses a request with no files', async () => {
    const res = await http().post(`/client-gallery/clients/${clientId}/images`).set('Authorization', `Bearer ${modifier}`).field('label', 'nothing');
    expect(res.status).toBe(400);
    await expectNothingStored();
  });
});

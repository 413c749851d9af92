import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { PROVIDERS, startStorage, type TestStorage } from '../helpers/storage';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';

const TTL = 30;

/**
 * The S3 trade (share.directStorageUrls, off by default): a studio may let visitors load thumbs
 * and previews straight from the bucket. A presigned URL cannot be recalled, so it lives at most
 * 60 s (here 30): after a revoke it works that long, where the default /media route stops at once.
 */
describe.each(PROVIDERS)('direct storage URLs, opted in (%s provider)', (provider) => {
  let booted: BootedStrapi;
  let strapi: Core.Strapi;
  let storage: TestStorage;

  beforeAll(async () => {
    storage = await startStorage(provider);
    booted = await bootStrapi(`direct-urls-${provider}`, { ...storage.env, STUDIO_NOTIFY_EMAIL: '', S3_DIRECT_VISITOR_URLS: 'true', S3_DIRECT_VISITOR_URL_TTL_SECONDS: String(TTL) });
    strapi = booted.strapi;
  });

  afterAll(async () => {
    await booted?.stop();
    await storage?.stop();
  });

  it(provider === 's3' ? `hands visitors presigned bucket URLs that expire after ${TTL} s` : 'changes nothing without S3: visitors keep the checked /media route', async () => {
    const file = await uploadFile(strapi, await makeJpeg(61, 640, 480), 'direct.jpg');
    const { gallery } = await makeGallery(strapi, `Direct ${provider}`, file.id, { status: 'ready', images: 1 });
    const { token } = await makeLink(strapi, gallery.documentId, { recipientEmail: `direct-${provider}@client.test` });
    const before = Date.now();
    const listed = await request(booted.baseUrl).get(`/api/share/${token}/images`);
    expect(listed.status).toBe(200);
    const [image] = listed.body.data;

    if (provider === 'private-local') {
      expect(image.thumbUrl).toMatch(/^\/media\/.*[?&]cap=/);
      return;
    }
    for (const url of [image.thumbUrl, image.previewUrl]) {
      const parsed = new URL(url);
      expect(parsed.origin).toBe(new URL(storage.env.S3_ENDPOINT).origin);
      expect(parsed.searchParams.get('X-Amz-Expires')).toBe(String(TTL));
      const fetched = await fetch(url);
      expect(fetched.status).toBe(200);
      expect(Buffer.from(await fetched.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    }
    const expiresAt = Date.parse(image.expiresAt);
    expect(expiresAt - before).toBeGreaterThan((TTL - 5) * 1000);
    expect(expiresAt - before).toBeLessThanOrEqual((TTL + 5) * 1000);
  });
});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createApiToken } from '../helpers/admin';
import { makeJpeg } from '../helpers/fixtures';

const FILE = 'plugin::upload.file';

/**
 * A host that lets its content-API users upload lists the route in `uploads.multipartRoutes`
 * (UPLOAD_MULTIPART_ROUTES). The multipart gate then lets such a body pass, and the route gets the
 * plugin's multipart middleware, so the files are parsed after authentication. This file keeps a
 * boot of its own: the listed routes are boot-time config.
 */
describe('a host-listed file route (uploads.multipartRoutes)', () => {
  let booted: BootedStrapi;
  let strapi: Core.Strapi;
  let token: string;
  const http = () => request(booted.baseUrl);

  beforeAll(async () => {
    booted = await bootStrapi('host-file-routes', {
      UPLOAD_MULTIPART_ROUTES: 'POST /api/upload,POST /api/no-such-route',
      STUDIO_NOTIFY_EMAIL: '',
      CRON_ENABLED: 'false',
    });
    strapi = booted.strapi;
    token = await createApiToken(strapi);
  });

  afterAll(async () => {
    await booted?.stop();
  });

  it('refuses an anonymous upload to the listed route without storing a file', async () => {
    const before = await strapi.db.query(FILE).count();
    const res = await http().post('/api/upload').attach('files', await makeJpeg(1), 'anonymous.jpg');
    expect([401, 403]).toContain(res.status);
    expect(await strapi.db.query(FILE).count()).toBe(before);
  });

  it("parses the files of Strapi's content-API upload for a token holder (201, the file stored)", async () => {
    const res = await http().post('/api/upload').set('Authorization', `Bearer ${token}`).attach('files', await makeJpeg(2), 'listed-route.jpg');
    expect(res.status).toBe(201);
    expect(res.body).toEqual([expect.objectContaining({ name: 'listed-route.jpg', mime: 'image/jpeg' })]);
    expect(await strapi.db.query(FILE).count({ where: { name: 'listed-route.jpg' } })).toBe(1);
  });

  it('still refuses a multipart body on a route that is not listed (415)', async () => {
    const res = await http().post('/api/upload/files/1').set('Authorization', `Bearer ${token}`).attach('files', await makeJpeg(3), 'unlisted.jpg');
    expect(res.status).toBe(415);
  });
});

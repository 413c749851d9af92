import fs from 'fs';
import request from 'supertest';
import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createApiToken } from '../helpers/admin';
import { makeJpeg } from '../helpers/fixtures';

interface ParsedFile {
  originalFilename: string;
  mimetype: string;
  size: number;
  filepath: string;
}

/** What the host's route saw: its fields, and each parsed file while the request still runs. */
const seen: Array<{ fields: unknown; files: Array<ParsedFile & { onDisk: boolean }> }> = [];

/**
 * A host's own route that takes files, as a host API of type content-api would declare it (its
 * handler reads the files the way Strapi's upload does: `ctx.request.files.<field>`).
 */
function mountHostRoute(strapi: Core.Strapi) {
  strapi.server.routes({
    type: 'content-api',
    prefix: '/host-records',
    routes: [
      {
        method: 'POST',
        path: '/:id/photos',
        config: { auth: { scope: ['api::host-record.host-record.photos'] } },
        handler: (ctx: Context) => {
          const parsed = ctx.request as unknown as { files?: Record<string, unknown>; body?: unknown };
          const photos = parsed.files?.photos;
          const files = (Array.isArray(photos) ? photos : photos ? [photos] : []) as unknown as ParsedFile[];
          seen.push({ fields: parsed.body, files: files.map((file) => ({ ...file, onDisk: fs.existsSync(file.filepath) })) });
          ctx.body = { received: files.map((file) => file.originalFilename) };
        },
      },
    ],
  } as unknown as Core.Router);
}

/**
 * A host that has routes of its own taking files names them in `uploads.multipartRoutes`
 * (UPLOAD_MULTIPART_ROUTES). The multipart gate then lets such a body through, and the route gets
 * the plugin's multipart middleware as it is mounted, so its files are parsed after
 * authentication, in the shape strapi::body gives, and removed when the request ends. A named
 * route that nothing serves gets 415 like any other. This file keeps a boot of its own: the named
 * routes are boot-time config.
 */
describe('a host route named in uploads.multipartRoutes', () => {
  let booted: BootedStrapi;
  let token: string;
  const http = () => request(booted.baseUrl);

  beforeAll(async () => {
    booted = await bootStrapi(
      'host-file-routes',
      { UPLOAD_MULTIPART_ROUTES: 'POST /api/host-records/:id/photos,POST /api/no-such-route', STUDIO_NOTIFY_EMAIL: '', CRON_ENABLED: 'false' },
      { beforeMount: mountHostRoute },
    );
    token = await createApiToken(booted.strapi);
  });

  afterAll(async () => {
    await booted?.stop();
  });

  beforeEach(() => {
    seen.length = 0;
  });

  it('gets its files parsed for a token holder, and removed when the request ends', async () => {
    const res = await http()
      .post('/api/host-records/42/photos')
      .set('Authorization', `Bearer ${token}`)
      .field('caption', 'before and after')
      .attach('photos', await makeJpeg(1), 'before.jpg')
      .attach('photos', await makeJpeg(2), 'after.jpg');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: ['before.jpg', 'after.jpg'] });
    expect(seen).toHaveLength(1);
    expect(seen[0].fields).toEqual({ caption: 'before and after' });
    expect(seen[0].files).toEqual([
      expect.objectContaining({ originalFilename: 'before.jpg', mimetype: 'image/jpeg', size: (await makeJpeg(1)).length, onDisk: true }),
      expect.objectContaining({ originalFilename: 'after.jpg', mimetype: 'image/jpeg', size: (await makeJpeg(2)).length, onDisk: true }),
    ]);
    for (const file of seen[0].files) expect(fs.existsSync(file.filepath)).toBe(false);
  });

  it('refuses an anonymous upload before parsing it', async () => {
    const res = await http().post('/api/host-records/42/photos').attach('photos', await makeJpeg(3), 'anonymous.jpg');
    expect([401, 403]).toContain(res.status);
    expect(seen).toEqual([]);
  });

  it('answers 415 to a multipart body on a named route that nothing serves, and on a route not named', async () => {
    const named = await http().post('/api/no-such-route').set('Authorization', `Bearer ${token}`).attach('photos', await makeJpeg(4), 'x.jpg');
    expect(named.status).toBe(415);
    const unnamed = await http().post('/api/host-records/42/notes').set('Authorization', `Bearer ${token}`).attach('photos', await makeJpeg(5), 'y.jpg');
    expect(unnamed.status).toBe(415);
  });
});

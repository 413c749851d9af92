import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { createAdmin, createApiToken, createSuperAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import { photo, TEXT_FILE } from '../helpers/photos';

/** Every file under `dir` (folders are listed by the files in them). */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? [`${entry.name}/`, ...filesUnder(full).map((name) => `${entry.name}/${name}`)] : [entry.name];
  });
}

async function eventually(check: () => boolean, timeoutMs = 5000) {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

/** A request limit a test can exceed cheaply. */
const REQUEST_LIMIT = 3 * 1024 * 1024;

/**
 * Uploads leave nothing in the temp folder. The requests go to a second server
 * process started with a TMPDIR of its own (Node's os.tmpdir() reads the real environment, which
 * a test cannot change for its own process), and after every request that folder must be empty:
 * multipart is parsed only on routes that take files, only after authentication, and every file
 * is removed whatever the outcome.
 */
describe('uploads leave no temp file behind', () => {
  let booted: BootedStrapi;
  let strapi: Core.Strapi;
  let worker: StrapiWorker;
  let tmp: string;
  let apiToken: string;
  let modifier: string;
  let superAdmin: string;
  let clientId: string;
  const api = () => request(`http://127.0.0.1:${worker.port}`);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-private-tmp-'));
    booted = await bootStrapi('upload-temp-files', { UPLOAD_MAX_REQUEST_SIZE: String(REQUEST_LIMIT) });
    strapi = booted.strapi;
    apiToken = await createApiToken(strapi);
    modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
    superAdmin = (await createSuperAdmin(strapi)).token;
    clientId = (await createClient(strapi, 'Temp File Tess')).documentId;
    worker = await startStrapiWorker({ ...booted.database.env, TMPDIR: tmp });
    // Whatever booting wrote is not ours to judge; every test starts from an empty folder.
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
  });

  afterAll(async () => {
    await worker?.stop();
    await booted?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(filesUnder(tmp)).toEqual([]);
  });

  // Small enough to be sent whole before the server answers: a refusal closes the connection, and
  // a client still writing a large body would see EPIPE instead of the 415 (the disconnect case is tested below).
  const bigBody = () => Buffer.alloc(8 * 1024, 1);

  describe.each([
    { route: 'a JSON route', method: 'post', path: '/api/share/su-unknown/unlock' },
    { route: 'a route that answers 405', method: 'patch', path: '/api/galleries' },
    { route: 'an unknown path', method: 'post', path: '/api/nowhere' },
    { route: 'a page', method: 'post', path: '/g/anything' },
    { route: 'a content-API upload route that takes no files', method: 'post', path: '/api/upload/files/1' },
  ])('a multipart body on $route', ({ method, path: route }) => {
    it('is refused with 415 before it is read', async () => {
      const res = await (api() as any)[method](route).attach('files', bigBody(), { filename: 'a.jpg', contentType: 'image/jpeg' });
      expect(res.status).toBe(415);
      expect(res.body.error.name).toBe('UnsupportedMediaTypeError');
    });
  });

  describe.each([
    { route: 'ingest', path: '/api/gallery-images/ingest' },
    { route: 'the admin upload', path: '/client-gallery/clients/any/images' },
    { route: 'the Media Library upload', path: '/upload' },
    { route: "Strapi's content-API upload", path: '/api/upload' },
  ])('an anonymous upload to $route', ({ path: route }) => {
    it('is refused by authentication, with nothing written', async () => {
      const res = await api().post(route).attach('files', bigBody(), { filename: 'a.jpg', contentType: 'image/jpeg' });
      expect([401, 403]).toContain(res.status);
    });
  });

  it('refuses a bad photo at ingest (400) and removes its temp file', async () => {
    const res = await api().post('/api/gallery-images/ingest').set('Authorization', `Bearer ${apiToken}`).field('client', clientId).attach('files', TEXT_FILE, { filename: 'notes.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(400);
  });

  it('refuses an upload to an unknown client (404) after parsing it, and removes its temp file', async () => {
    const res = await api().post('/client-gallery/clients/no-such-client/images').set('Authorization', `Bearer ${modifier}`).attach('files', await photo({ seed: 3 }), { filename: 'p.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(404);
  });

  it('refuses a request over the request limit with 413, keeping no partial file', async () => {
    const res = await api()
      .post('/api/gallery-images/ingest')
      .set('Authorization', `Bearer ${apiToken}`)
      .field('client', clientId)
      .attach('files', Buffer.alloc(REQUEST_LIMIT + 1024, 3), { filename: 'huge.jpg', contentType: 'image/jpeg' })
      .catch((error: any) => error.response ?? { status: 'reset' });
    // The server may close the connection while the client is still sending: a reset is a refusal too.
    expect([413, 'reset']).toContain(res.status);
    expect(await eventually(() => filesUnder(tmp).length === 0)).toBe(true);
  });

  it('refuses a JSON body over the body limit with 413', async () => {
    const res = await api().post('/api/share/su-unknown/unlock').send({ password: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(413);
  });

  it('removes the partial file of a client that hangs up mid-upload; while it uploads, the folder is private', async () => {
    const boundary = 'cgboundary';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const req = http.request({
      host: '127.0.0.1',
      port: worker.port,
      method: 'POST',
      path: '/api/gallery-images/ingest',
      headers: { Authorization: `Bearer ${apiToken}`, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(2 * 1024 * 1024) },
    });
    req.on('error', () => undefined);
    req.write(head);
    req.write(Buffer.alloc(256 * 1024, 5));
    expect(await eventually(() => filesUnder(tmp).some((name) => !name.endsWith('/')))).toBe(true);
    const [folder] = fs.readdirSync(tmp);
    expect(folder).toMatch(/^client-gallery-upload-/);
    expect(fs.statSync(path.join(tmp, folder)).mode & 0o777).toBe(0o700);
    req.destroy();
    expect(await eventually(() => filesUnder(tmp).length === 0)).toBe(true);
  });

  it('ingests a good photo and removes its temp file', async () => {
    const res = await api().post('/api/gallery-images/ingest').set('Authorization', `Bearer ${apiToken}`).field('client', clientId).attach('files', await photo({ seed: 4 }), { filename: 'good.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(201);
  });

  it("parses the Media Library's upload for an admin, after authentication, and removes its temp files", async () => {
    const res = await api().post('/upload').set('Authorization', `Bearer ${superAdmin}`).attach('files', await photo({ seed: 5 }), { filename: 'library.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(201);
    expect(res.body[0].name).toBe('library.jpg');
  });

  it("parses Strapi's content-API upload for a token holder, after authentication, and removes its temp files", async () => {
    const res = await api().post('/api/upload').set('Authorization', `Bearer ${apiToken}`).attach('files', await photo({ seed: 6 }), { filename: 'headless.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(201);
    expect(res.body[0].name).toBe('headless.jpg');
  });

  it("answers an anonymous, large upload to Strapi's content-API upload without reading it: nothing reaches the temp folder", async () => {
    // Every entry made in the temp folder while the request runs (the folder is empty now).
    const made: string[] = [];
    const watcher = fs.watch(tmp, (_event, name) => made.push(String(name)));
    const boundary = 'cgboundary';
    const req = http.request({
      host: '127.0.0.1',
      port: worker.port,
      method: 'POST',
      path: '/api/upload',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(64 * 1024 * 1024) },
    });
    // The server answers and closes the connection with most of the body unread: the client may
    // see that close (a reset) before the answer. Either is a refusal; the folder says the rest.
    const answered = new Promise<number | 'reset'>((resolve) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve('reset'));
      req.on('close', () => resolve('reset'));
    });
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    // A few megabytes of the declared 64: the answer does not wait for the rest.
    for (let sent = 0; sent < 4 && !req.destroyed; sent += 1) req.write(Buffer.alloc(1024 * 1024, 7));
    try {
      expect([401, 403, 'reset']).toContain(await answered);
      // A parse would have made its folder before any answer; give a late one time to show.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(made).toEqual([]);
    } finally {
      watcher.close();
      req.destroy();
    }
  });

  it('still parses JSON bodies everywhere else', async () => {
    const res = await api().post('/api/share/su-unknown/unlock').send({ password: 'secret' });
    expect(res.status).toBe(404);
  });
});

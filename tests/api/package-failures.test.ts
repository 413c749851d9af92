import crypto from 'crypto';
import fs from 'fs';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { binary, ingestPhoto, inspectZip } from '../helpers/downloads';
import { createClient, makeJpeg } from '../helpers/fixtures';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { makeLink } from '../helpers/share';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';

/**
 * Packages that fail: a stored file found missing or truncated while streaming fails the package
 * and prepares it again, at no cost to the visitor (no download spent twice, ordering again free);
 * a failed package says that preparation failed and that ordering again is free (410, not a bad
 * link's 404), and the studio gets a notification. Downloads also go through a second process.
 */
const PACKAGE = 'plugin::client-gallery.download-package';
const IMAGE = 'plugin::client-gallery.gallery-image';
const LINK = 'plugin::client-gallery.share-link';
const EVENT = 'plugin::client-gallery.activity-event';
const HOLD = 'plugin::client-gallery.package-file';
const GALLERY = 'plugin::client-gallery.gallery';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let worker: StrapiWorker;
let clientId: string;
const http = () => request(booted.baseUrl);
const other = () => request(`http://127.0.0.1:${worker.port}`);
const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const service = <T = any>(name: string): T => strapi.plugin('client-gallery').service(name) as T;
const pg = () => strapi.db.dialect.client === 'postgres';

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  worker = await startStrapiWorker(booted.env);
  clientId = (await createClient(strapi, 'Fay Failures')).documentId;
}, 120_000);

afterAll(async () => {
  await service('download-package').settled();
  await worker?.stop();
});

/** A published, ready gallery of fresh photos and a private link that may download them. */
async function galleryOf(name: string, count: number, options: { size?: [number, number]; downloadLimit?: number; title?: string } = {}) {
  const imageIds: string[] = [];
  const [width, height] = options.size ?? [640, 480];
  for (let i = 0; i < count; i += 1) {
    const bytes = await makeJpeg(crypto.randomInt(1, 1_000_000), width, height);
    imageIds.push((await ingestPhoto(strapi, clientId, bytes, `${name}-${i}.jpg`, `${name} ${i}`)).documentId);
  }
  const gallery = await strapi.documents(GALLERY).create({ data: { title: options.title ?? `${name} gallery`, client: clientId, images: imageIds, stage: 'ready' } as any });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  const { token, link } = (await makeLink(strapi, gallery.documentId, {
    recipientEmail: `${name.toLowerCase()}@client.test`,
    downloadsEnabled: true,
    resolutions: ['web'],
    watermark: false,
    ...(options.downloadLimit ? { downloadLimit: options.downloadLimit } : {}),
  })) as { token: string; link: { id: number; documentId: string } };
  return { imageIds, token, link, galleryId: gallery.documentId };
}

async function order(token: string, base = http) {
  const res = await base().post(`/api/share/${token}/packages`).send({ resolution: 'web' });
  expect(res.status).toBe(202);
  return { documentId: res.body.data.id as string, path: new URL(res.body.data.downloadUrl).pathname, statusPath: new URL(res.body.data.statusUrl).pathname };
}

async function waitFor(documentId: string, wanted: (row: any) => boolean, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await strapi.db.query(PACKAGE).findOne({ where: { documentId } });
    if (row && wanted(row)) return row;
    if (Date.now() > deadline) throw new Error(`package ${documentId}: ${row?.status} ${row?.failure ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const download = (base: () => request.Agent | ReturnType<typeof request>, path: string, headers: Record<string, string> = {}) => {
  let req = (base() as ReturnType<typeof request>).get(path);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return req.buffer(true).parse(binary as any);
};

/** Where the private-local provider keeps a stored key on disk. */
async function pathOf(key: string): Promise<string | null> {
  const opened = await (strapi.plugin('upload').provider as any).open(key);
  return opened?.absolutePath ?? null;
}

describe('a broken stored file', () => {
  it('fails a package whose stored file is found truncated or missing while streaming, prepares it again, and spends no download twice', async () => {
    const { token, link } = await galleryOf('Broken', 3, { downloadLimit: 10 });
    const pkg = await order(token);
    const ready = await waitFor(pkg.documentId, (row) => row.status === 'ready');
    const good = await download(http, pkg.path);
    expect(good.status).toBe(200);
    const used = async () => (await strapi.db.query(LINK).findOne({ where: { id: link.id }, select: ['downloadsUsed'] })).downloadsUsed;
    expect(await used()).toBe(3);

    // Truncate the second entry's stored file under the ready package.
    const key = ready.layout.entries[1][3];
    const file = (await pathOf(key))!;
    fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    const cut = await download(other, pkg.path).catch((error: Error) => ({ status: 0, body: Buffer.alloc(0), error }));
    expect((cut as { body: Buffer }).body.length).toBeLessThan(good.body.length);

    // Failed once (on its frozen ETag), the studio notified, then prepared again: the file made anew.
    const again = await waitFor(pkg.documentId, (row) => row.status === 'ready' && new Date(row.readyAt) > new Date(ready.readyAt));
    expect(again.failure).toMatch(/missing or truncated/);
    const notices = await strapi.db.query(EVENT).findMany({ where: { link: { id: link.id }, milestone: 'package-failed' } });
    expect(notices).toHaveLength(1);
    const whole = await download(http, pkg.path);
    expect([whole.status, whole.body.length]).toEqual([200, Number(again.byteLength)]);
    const zip = inspectZip(whole.body);
    expect(zip.test).toMatch(/No errors/);
    expect(zip.names).toHaveLength(3);
    zip.cleanup();

    // Now the file goes altogether: the same again.
    const key2 = again.layout.entries[0][3];
    fs.rmSync((await pathOf(key2))!);
    await download(http, pkg.path).catch(() => undefined);
    const third = await waitFor(pkg.documentId, (row) => row.status === 'ready' && new Date(row.readyAt) > new Date(again.readyAt));
    expect((await download(http, pkg.path)).body.length).toBe(Number(third.byteLength));

    // No download was spent twice, and ordering again costs nothing.
    expect(await used()).toBe(3);
    await order(token);
    expect(await used()).toBe(3);
  }, 60_000);
});

describe('a failed package', () => {
  it('tells the visitor preparation failed and that ordering again is free (410, not 404), and tells the studio', async () => {
    const { token, link } = await galleryOf('Failed', 1);
    const pkg = await order(token);
    const ready = await waitFor(pkg.documentId, (row) => row.status === 'ready');
    expect(await worker.call(PACKAGE, 'fail', ready.id, { id: ready.id, status: 'ready' }, 'ENOSPC: no space left on device')).toBe(true);

    for (const base of [http, other]) {
      const zip = await base().get(pkg.path);
      expect(zip.status).toBe(410);
      expect(zip.body.error).toMatchObject({ name: 'PackageFailedError', details: { status: 'failed', reorderFree: true } });
      expect(zip.body.error.message).toMatch(/failed.*Order it again.*costs nothing/);
      const status = await base().get(pkg.statusPath);
      expect(status.status).toBe(200);
      expect(status.body.data).toMatchObject({ status: 'failed', reorderFree: true, message: expect.stringMatching(/costs nothing/) });
    }
    expect(await strapi.db.query(HOLD).count({ where: { packageId: ready.id } })).toBe(0);
    const notice = await strapi.db.query(EVENT).findOne({ where: { link: { id: link.id }, milestone: 'package-failed' } });
    expect(notice).toMatchObject({ type: 'package', readAt: null });
    // Failing twice is one notification.
    expect(await service('download-package').fail(ready.id, { id: ready.id }, 'again')).toBe(true);
    expect(await strapi.db.query(EVENT).count({ where: { link: { id: link.id }, milestone: 'package-failed' } })).toBe(1);
    // A bad link is still a plain 404.
    expect((await http().get(`${pkg.path.slice(0, -4)}AAAA`)).status).toBe(404);
  }, 60_000);
});

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
 * A live package's zip survives whatever deletes its photos: the stored files its frozen layout
 * names are held in the database (package_files) and kept until the last package holding them
 * is released. A photo deleted while a package is prepared never gives a "ready" package cut
 * short. Deletions and downloads run in a second process too (on PostgreSQL: two real processes).
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
  clientId = (await createClient(strapi, 'Hana Holds')).documentId;
}, 120_000);

afterAll(async () => {
  await service('download-package').settled();
  await worker?.stop();
});

/** A published, ready gallery of fresh photos and a private link that may download them. */
async function galleryOf(name: string, count: number, options: { size?: [number, number]; downloadLimit?: number } = {}) {
  const imageIds: string[] = [];
  const [width, height] = options.size ?? [640, 480];
  for (let i = 0; i < count; i += 1) {
    const bytes = await makeJpeg(crypto.randomInt(1, 1_000_000), width, height);
    imageIds.push((await ingestPhoto(strapi, clientId, bytes, `${name}-${i}.jpg`, `${name} ${i}`)).documentId);
  }
  const gallery = await strapi.documents(GALLERY).create({ data: { title: `${name} gallery`, client: clientId, images: imageIds, stage: 'ready' } as any });
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

describe('a live package holds its stored files', () => {
  it('keeps the zip byte-identical after a photo is deleted in another process, and lets the file go when the package expires', async () => {
    const { imageIds, token } = await galleryOf('Keep', 3);
    const pkg = await order(token);
    const ready = await waitFor(pkg.documentId, (row) => row.status === 'ready');
    const keys: string[] = ready.layout.entries.map((entry: [string, number, number, string]) => entry[3]);

    const before = await download(http, pkg.path);
    expect(before.status).toBe(200);
    const range = await download(http, pkg.path, { Range: 'bytes=100-4099' });
    expect(range.status).toBe(206);

    // The held keys are in the database, and the service the sweeper asks names them.
    const held = await service('package-holds').referencedKeys([...keys, 'derivatives/none/unknown.jpg']);
    expect([...held].sort()).toEqual([...keys].sort());

    // The studio deletes the second photo, in the other process. Its non-package files go at once.
    const victim = await strapi.db.query(IMAGE).findOne({ where: { documentId: imageIds[1] }, select: ['id', 'derivatives'] });
    const ingestKeys = Object.values(victim.derivatives as Record<string, { path: string; hash: string; ext: string }>)
      .map((d) => `${d.path}/${d.hash}${d.ext}`)
      .filter((key) => !keys.includes(key));
    expect(ingestKeys.length).toBeGreaterThan(0);
    await worker.call('plugin::client-gallery.gallery-image', 'remove', imageIds[1]);
    expect(await strapi.db.query(IMAGE).findOne({ where: { documentId: imageIds[1] } })).toBeNull();
    for (const key of ingestKeys) expect(await pathOf(key)).toBeNull();
    expect(await pathOf(keys[1])).not.toBeNull();
    // No photo or file row names the kept file now; the leftover sweeper's reference check still does.
    const named = await (await service('stored-references').open())([keys[1], 'derivatives/none/unknown.jpg']);
    expect([...named]).toEqual([keys[1]]);

    // From either process: the same bytes, the same ETag, the same ranges.
    for (const base of [http, other]) {
      const after = await download(base, pkg.path);
      expect([after.status, sha(after.body), after.headers.etag, after.headers['content-length']]).toEqual([
        200,
        sha(before.body),
        before.headers.etag,
        before.headers['content-length'],
      ]);
      const again = await download(base, pkg.path, { Range: 'bytes=100-4099' });
      expect([again.status, sha(again.body)]).toEqual([206, sha(range.body)]);
    }
    const zip = inspectZip(before.body);
    expect(zip.names).toHaveLength(3);
    zip.cleanup();

    // Expired: the hold is released and the kept file goes; the other photos' files stay (their images live).
    await strapi.db.query(PACKAGE).update({ where: { id: ready.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await worker.call(PACKAGE, 'expireOld');
    expect((await strapi.db.query(PACKAGE).findOne({ where: { id: ready.id } })).status).toBe('expired');
    expect(await strapi.db.query(HOLD).count({ where: { packageId: ready.id } })).toBe(0);
    expect(await pathOf(keys[1])).toBeNull();
    expect(await pathOf(keys[0])).not.toBeNull();
    expect(await strapi.db.query(HOLD).count({ where: { storageKey: keys[1] } })).toBe(0);
    expect((await service('package-holds').referencedKeys(keys)).size).toBe(0);
  }, 60_000);

  it('never makes a package "ready" with a photo deleted while it was prepared', async () => {
    const { imageIds, token, link } = await galleryOf('Race', 5, { size: [1600, 1200] });
    // The victim's package file exists before the order, so the preparation can freeze it.
    const victimRow = await strapi.db.query(IMAGE).findOne({ where: { documentId: imageIds[2] }, populate: { file: true } });
    const access = await service('share-access').resolveById(link.id);
    const policy = service('share-access').authorizeDownload(access, 'web');
    await service('derivatives').ensure(victimRow, 'web', { watermark: policy.watermark, keepMetadata: policy.keepMetadata });

    let unlock: (() => void) | null = null;
    let locked: Promise<unknown> | null = null;
    const pkg = await order(token, other); // prepared by the other process
    const row = await strapi.db.query(PACKAGE).findOne({ where: { documentId: pkg.documentId }, select: ['id'] });
    if (pg()) {
      // PostgreSQL: hold the package row, so the other process cannot freeze (nor report progress) until the photo is gone.
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      locked = strapi.db.connection.transaction(async (trx) => {
        await trx.raw('SELECT id FROM download_packages WHERE id = ? FOR UPDATE', [row.id]);
        held();
        await new Promise<void>((resolve) => (unlock = resolve));
      });
      await holding;
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // the preparation has loaded its photos
    await service('gallery-image').remove(imageIds[2]);
    (unlock as (() => void) | null)?.();
    await locked;

    const ready = await waitFor(pkg.documentId, (r) => r.status !== 'preparing');
    expect([ready.status, ready.failure]).toEqual(['ready', null]);
    const zip = await download(http, pkg.path);
    expect([zip.status, zip.body.length]).toEqual([200, Number(ready.byteLength)]);
    const listed = inspectZip(zip.body);
    try {
      expect(listed.test).toMatch(/No errors/);
      // Either the photo left before the freeze (4 entries) or its file is held (5): never a cut-off entry.
      expect(listed.names.length).toBe(ready.layout.entries.length);
      for (const name of listed.names) expect(listed.read(name).length).toBeGreaterThan(0);
      if (pg()) expect(listed.names).toHaveLength(4);
    } finally {
      listed.cleanup();
    }
  }, 60_000);
});

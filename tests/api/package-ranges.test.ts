import { execFile } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { promisify } from 'util';
import zlib from 'zlib';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { PROVIDERS, startStorage, type TestStorage } from '../helpers/storage';
import { createClient } from '../helpers/fixtures';
import { makeLink } from '../helpers/share';
import { photo } from '../helpers/photos';
import { binary, derivativeBytes, ingestPhoto } from '../helpers/downloads';
import { acceptedByEveryTool, withArchive } from '../helpers/zip-tools';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';

/**
 * Resumable package zips: a prepared package freezes each entry's size and CRC-32
 * and the zip's layout, so GET /api/packages/:token sends an exact Content-Length, a strong
 * ETag, and any byte range, from this process or another one, from local storage or S3.
 * Single downloads and /media resume too. The staff zip of originals is read from both stores here too.
 */
const execFileAsync = promisify(execFile);
const GALLERY = 'plugin::client-gallery.gallery';
const PACKAGE = 'plugin::client-gallery.download-package';
const LINK = 'plugin::client-gallery.share-link';

describe.each(PROVIDERS)('resumable zips and downloads (%s)', (provider) => {
  let storage: TestStorage;
  let booted: BootedStrapi;
  let strapi: Core.Strapi;
  let worker: StrapiWorker;
  let imageIds: string[];
  let originals: Buffer[];
  let galleryId: string;
  let shareToken: string;
  let packagePath: string;
  let whole: Buffer;

  const servers = () =>
    [
      ['this process', booted.baseUrl],
      ['a second process', `http://127.0.0.1:${worker.port}`],
    ] as const;
  const get = (base: string, urlPath: string, headers: Record<string, string> = {}) => {
    let req = request(base).get(urlPath);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req.buffer(true).parse(binary as any);
  };
  const packages = () => strapi.plugin('client-gallery').service('download-package');
  const order = async (token: string, body: Record<string, unknown>) => {
    const res = await request(booted.baseUrl).post(`/api/share/${token}/packages`).send(body);
    expect(res.status).toBe(202);
    return res.body.data as { id: string; downloadUrl: string; statusUrl: string };
  };

  beforeAll(async () => {
    storage = await startStorage(provider);
    booted = await bootStrapi(`package-ranges-${provider}`, {
      ...storage.env,
      PUBLIC_URL: 'http://127.0.0.1',
      STUDIO_NOTIFY_EMAIL: '',
      OUTBOX_DIR: `.tmp/outbox-package-ranges-${provider}`,
    });
    strapi = booted.strapi;
    worker = await startStrapiWorker({});
    const client = await createClient(strapi, `Rhea Range ${provider}`);
    imageIds = [];
    originals = [];
    for (let i = 0; i < 4; i += 1) {
      const bytes = await photo({ width: 900, height: 600, seed: 40 + i, takenAt: `2026:05:20 14:0${i}:00` });
      originals.push(bytes);
      // Two photos share a label and a minute: their names in the zip must be told apart.
      imageIds.push((await ingestPhoto(strapi, client.documentId, bytes, `rhea-${i}.jpg`, i < 2 ? 'Vows' : `Portrait ${i}`)).documentId);
    }
    const gallery = await strapi
      .documents(GALLERY)
      .create({ data: { title: 'Rhea gallery', client: client.documentId, images: imageIds, stage: 'ready' } as any });
    await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
    galleryId = gallery.documentId;
    shareToken = (
      await makeLink(strapi, galleryId, {
        recipientEmail: `rhea-${provider}@client.test`,
        downloadsEnabled: true,
        resolutions: ['web', 'high'],
        watermark: false,
      })
    ).token;
    const pkg = await order(shareToken, { resolution: 'high' });
    await packages().settled();
    packagePath = new URL(pkg.downloadUrl).pathname;
    const full = await get(booted.baseUrl, packagePath);
    expect(full.status).toBe(200);
    whole = full.body;
  }, 240000);

  afterAll(async () => {
    await packages()?.settled();
    await worker?.stop();
    await booted?.stop();
    await storage?.stop();
  });

  describe('refusals first', () => {
    it('answers 416 with the true length for a range that starts past the end, and sends no bytes', async () => {
      for (const [, base] of servers()) {
        const res = await get(base, packagePath, { Range: `bytes=${whole.length}-` });
        expect([res.status, res.headers['content-range'], res.body.length]).toEqual([416, `bytes */${whole.length}`, 0]);
      }
    });

    it('refuses the zip with 409 while it is prepared, and shows the progress on the status route', async () => {
      const derivatives = strapi.plugin('client-gallery').service('derivatives');
      const realEnsure = derivatives.ensure.bind(derivatives);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let calls = 0;
      const spy = jest.spyOn(derivatives, 'ensure').mockImplementation(async (...args: any[]) => {
        calls += 1;
        if (calls > 1) await gate; // the first photo is made, the rest wait
        return realEnsure(...args);
      });
      try {
        const { token } = await makeLink(strapi, galleryId, {
          recipientEmail: `slow-${provider}@client.test`,
          downloadsEnabled: true,
          resolutions: ['web'],
          watermark: false,
        });
        const pkg = await order(token, { resolution: 'web' });
        const statusPath = new URL(pkg.statusUrl).pathname;
        let progress: any;
        for (let i = 0; i < 100; i += 1) {
          progress = (await request(booted.baseUrl).get(statusPath)).body.data;
          if (progress.prepared >= 1) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(progress).toMatchObject({ status: 'preparing', total: 4, bytes: null });
        expect(progress.prepared).toBeGreaterThanOrEqual(1);
        expect(progress.prepared).toBeLessThan(4);
        const early = await request(booted.baseUrl).get(new URL(pkg.downloadUrl).pathname);
        expect([early.status, early.body.error?.details?.total]).toEqual([409, 4]);
        expect((await request(`http://127.0.0.1:${worker.port}`).head(new URL(pkg.downloadUrl).pathname)).status).toBe(409);

        release();
        await packages().settled();
        const done = (await request(`http://127.0.0.1:${worker.port}`).get(statusPath)).body.data;
        const zip = await get(booted.baseUrl, new URL(pkg.downloadUrl).pathname);
        expect(done).toMatchObject({ status: 'ready', prepared: 4, total: 4, bytes: zip.body.length });
        expect(Number(zip.headers['content-length'])).toBe(zip.body.length);
      } finally {
        release();
        spy.mockRestore();
      }
    });
  });

  describe('the frozen package', () => {
    it("records each entry's size and CRC-32 when its variant is written, and freezes them with the layout", async () => {
      const row = await strapi.db.query(PACKAGE).findOne({ where: { status: 'ready', resolution: 'high' }, orderBy: { id: 'asc' } });
      expect(row.layout.entries).toHaveLength(4);
      for (const [i, [, size, crc]] of row.layout.entries.entries()) {
        const bytes = await derivativeBytes(strapi, imageIds[i], 'high', { watermark: null });
        expect([size, crc]).toEqual([bytes.length, zlib.crc32(bytes)]);
      }
      expect(Number(row.byteLength)).toBe(whole.length);
    });

    it('sends the exact length, a strong ETag and Accept-Ranges; unzip, 7-Zip and Python accept it; each entry is its stored file, byte for byte', async () => {
      const res = await get(booted.baseUrl, packagePath);
      expect(res.headers['content-length']).toBe(String(whole.length));
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
      expect(res.body.equals(whole)).toBe(true);

      const files = await Promise.all(imageIds.map((id) => derivativeBytes(strapi, id, 'high', { watermark: null })));
      const listed = withArchiveOf(whole, (file) => acceptedByEveryTool(file, 'list'));
      expect(listed.map(([name]: [string]) => name)).toEqual([
        expect.stringMatching(/^Vows 2026-05-20 14\.00\.jpg$/),
        'Vows 2026-05-20 14.01.jpg',
        expect.stringMatching(/^Portrait 2/),
        expect.stringMatching(/^Portrait 3/),
      ]);
      // Each entry is its stored file, byte for byte.
      const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
      expect(listed.map(([, size, sha]: [string, number, string]) => [size, sha])).toEqual(files.map((file) => [file.length, sha256(file)]));
    });

    it('answers any single range with exactly those bytes, from either process: a local header, inside a file, across entries, the central directory, a suffix', async () => {
      const cd = whole.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      const mid = Math.floor(whole.length / 3);
      const ranges: Array<[string, number, number]> = [
        ['bytes=0-9', 0, 9],
        ['bytes=12-40', 12, 40],
        ['bytes=100-4099', 100, 4099],
        [`bytes=${mid}-${mid + 9999}`, mid, mid + 9999],
        [`bytes=${cd - 3}-${cd + 60}`, cd - 3, cd + 60],
        ['bytes=-22', whole.length - 22, whole.length - 1],
        [`bytes=${whole.length - 5}-`, whole.length - 5, whole.length - 1],
      ];
      for (const [, base] of servers()) {
        for (const [header, start, end] of ranges) {
          const res = await get(base, packagePath, { Range: header });
          expect([header, res.status, res.headers['content-range'], res.headers['content-length']]).toEqual([
            header,
            206,
            `bytes ${start}-${end}/${whole.length}`,
            String(end - start + 1),
          ]);
          expect(res.body.equals(whole.subarray(start, end + 1))).toBe(true);
        }
      }
    });

    it('sends the whole body for If-Range with a stale ETag, and the range for the current one', async () => {
      const etag = (await request(booted.baseUrl).head(packagePath)).headers.etag;
      const stale = await get(`http://127.0.0.1:${worker.port}`, packagePath, { Range: 'bytes=100-', 'If-Range': '"not-the-current-one"' });
      expect([stale.status, stale.body.length]).toEqual([200, whole.length]);
      const current = await get(`http://127.0.0.1:${worker.port}`, packagePath, { Range: 'bytes=100-', 'If-Range': etag });
      expect([current.status, current.body.equals(whole.subarray(100))]).toEqual([206, true]);
    });

    it('answers HEAD with the GET headers and no body, opening no stored file', async () => {
      const storageService = strapi.plugin('client-gallery').service('storage');
      const opened = [jest.spyOn(storageService, 'openRange'), jest.spyOn(storageService, 'openRead')];
      try {
        const head = await request(booted.baseUrl).head(packagePath);
        const get1 = await request(booted.baseUrl).get(packagePath).set('Range', 'bytes=0-0');
        expect([head.status, head.headers['content-length'], head.headers.etag, head.headers['accept-ranges']]).toEqual([
          200,
          String(whole.length),
          get1.headers.etag,
          'bytes',
        ]);
        expect(opened.map((spy) => spy.mock.calls.length)).toEqual([0, 0]);
      } finally {
        opened.forEach((spy) => spy.mockRestore());
      }
    });

    it('resumes a download cut at a random point with curl -C - to a byte-identical file, on both processes', async () => {
      for (const [, base] of servers()) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-resume-'));
        try {
          const file = path.join(dir, 'package.zip');
          const cut = 1 + Math.floor(Math.random() * (whole.length - 2));
          fs.writeFileSync(file, whole.subarray(0, cut));
          // Asynchronously: this process serves one of the two, so it must not block on curl.
          await execFileAsync('curl', ['-sS', '--fail', '-C', '-', '-o', file, `${base}${packagePath}`]);
          expect(fs.readFileSync(file).equals(whole)).toBe(true);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }
    });

    it('prepares the package again when its link\'s downloads now carry a watermark: 409 meanwhile, then watermarked files under a new ETag', async () => {
      const { token, link } = await makeLink(strapi, galleryId, {
        recipientEmail: `mark-${provider}@client.test`,
        downloadsEnabled: true,
        resolutions: ['web'],
        watermark: false,
      });
      const pkg = await order(token, { resolution: 'web', imageIds: [imageIds[0]] });
      await packages().settled();
      const zipPath = new URL(pkg.downloadUrl).pathname;
      const clean = await get(booted.baseUrl, zipPath);
      expect(clean.status).toBe(200);

      await strapi.db.query(LINK).update({ where: { id: link.id }, data: { downloadsWatermarked: true } });
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the capability cache holds a link for a second
      expect((await request(`http://127.0.0.1:${worker.port}`).get(zipPath)).status).toBe(409);
      await packages().settled();
      await waitFor(async () => (await request(booted.baseUrl).head(zipPath)).status === 200);
      const marked = await get(booted.baseUrl, zipPath, { Range: 'bytes=50-', 'If-Range': clean.headers.etag });
      expect(marked.status).toBe(200);
      expect(marked.headers.etag).not.toBe(clean.headers.etag);
      const shareAccess = strapi.plugin('client-gallery').service('share-access');
      const policy = shareAccess.authorizeDownload(await shareAccess.resolve(token), 'web');
      expect(policy.watermark).not.toBeNull();
      const expected = await derivativeBytes(strapi, imageIds[0], 'web', { watermark: policy.watermark, keepMetadata: policy.keepMetadata });
      const listed = withArchiveOf(marked.body, (file) => acceptedByEveryTool(file, 'list'));
      expect(listed).toEqual([[expect.any(String), expected.length, crypto.createHash('sha256').update(expected).digest('hex')]]);
    });
  });

  it('freezes a package made before layouts were frozen on its first request: 409, then the zip', async () => {
    const { token } = await makeLink(strapi, galleryId, {
      recipientEmail: `old-${provider}@client.test`,
      downloadsEnabled: true,
      resolutions: ['web'],
      watermark: false,
    });
    const pkg = await order(token, { resolution: 'web', imageIds: [imageIds[1], imageIds[3]] });
    await packages().settled();
    await strapi.db.query(PACKAGE).update({ where: { documentId: pkg.id }, data: { layout: null, etag: null, byteLength: null } });
    const zipPath = new URL(pkg.downloadUrl).pathname;
    expect((await request(`http://127.0.0.1:${worker.port}`).get(zipPath)).status).toBe(409);
    await packages().settled();
    await waitFor(async () => (await request(booted.baseUrl).head(zipPath)).status === 200);
    const zip = await get(booted.baseUrl, zipPath);
    expect([zip.status, Number(zip.headers['content-length'])]).toEqual([200, zip.body.length]);
    expect(withArchiveOf(zip.body, (file) => acceptedByEveryTool(file, 'list'))).toHaveLength(2);
  });

  it('streams the staff zip of originals from this store, byte for byte, in a zip every tool accepts; a temp copy lasts only while its entry is sent', async () => {
    const staff = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], `zip-${provider}`)).token;
    const storageService = strapi.plugin('client-gallery').service('storage');
    const sourceFile = storageService.sourceFile.bind(storageService);
    const given: string[] = [];
    const spy = jest.spyOn(storageService, 'sourceFile').mockImplementation(async (object: any) => {
      const file = await sourceFile(object);
      given.push(file.filepath);
      return file;
    });
    let res: request.Response;
    try {
      res = await request(booted.baseUrl)
        .post('/client-gallery/images/batch/zip')
        .set('Authorization', `Bearer ${staff}`)
        .send({ imageIds })
        .buffer(true)
        .parse(binary as any);
    } finally {
      spy.mockRestore();
    }
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/zip']);
    withArchiveOf(res.body, (file) => acceptedByEveryTool(file, originals.map((bytes, i) => [`rhea-${i}.jpg`, bytes])));
    // On a local disk each entry is read from its stored file in place; from S3, through a temp copy already gone.
    expect(given).toHaveLength(originals.length);
    expect(given.filter((filepath) => fs.existsSync(filepath))).toEqual(provider === 's3' ? [] : given);
  });

  describe('single downloads and /media resume too', () => {
    it('a single download sends its length and ETag and answers Range, If-Range and 416', async () => {
      const url = `/api/share/${shareToken}/images/${imageIds[2]}/download?resolution=high`;
      for (const [, base] of servers()) {
        const full = await get(base, url);
        expect([full.status, full.headers['content-length'], full.headers['accept-ranges']]).toEqual([200, String(full.body.length), 'bytes']);
        const part = await get(base, url, { Range: 'bytes=10-1009', 'If-Range': full.headers.etag });
        expect([part.status, part.headers['content-range'], part.body.equals(full.body.subarray(10, 1010))]).toEqual([
          206,
          `bytes 10-1009/${full.body.length}`,
          true,
        ]);
        expect((await get(base, url, { Range: 'bytes=10-1009', 'If-Range': '"stale"' })).status).toBe(200);
        expect((await get(base, url, { Range: `bytes=${full.body.length}-` })).status).toBe(416);
        const head = await request(base).head(url);
        expect([head.status, head.headers['content-length'], head.headers.etag]).toEqual([200, String(full.body.length), full.headers.etag]);
      }
    });

    it('a /media URL answers a Range with those bytes', async () => {
      const listing = await request(booted.baseUrl).get(`/api/share/${shareToken}/images`);
      const preview = listing.body.data[0].previewUrl as string;
      const mediaPath = new URL(preview, booted.baseUrl);
      const full = await get(booted.baseUrl, `${mediaPath.pathname}${mediaPath.search}`);
      expect(full.status).toBe(200);
      const part = await get(`http://127.0.0.1:${worker.port}`, `${mediaPath.pathname}${mediaPath.search}`, { Range: 'bytes=5-104' });
      expect([part.status, part.headers['content-range'], part.body.equals(full.body.subarray(5, 105))]).toEqual([
        206,
        `bytes 5-104/${full.body.length}`,
        true,
      ]);
    });
  });
});

function withArchiveOf(bytes: Buffer, check: (file: string) => any) {
  let result: any;
  withArchive(bytes, (file) => (result = check(file)));
  return result;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { binary, ingestPhoto, inspectZip } from '../helpers/downloads';
import { createClient, makeJpeg } from '../helpers/fixtures';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { makeLink } from '../helpers/share';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';

/**
 * Package downloads: one activity row per package and day, whatever ranges, probes and processes
 * carry the last byte; and the zip's entry names extract with unzip, 7-Zip and Python whatever the
 * labels hold (100 Japanese characters, bidi overrides, zero-width and control characters, duplicates).
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
  clientId = (await createClient(strapi, 'Dora Deliveries')).documentId;
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

describe('package deliveries', () => {
  it('records one delivery per package and day, whatever ranges, probes and processes carry the last byte; bytes=10-5 gets the whole zip', async () => {
    const { token, link } = await galleryOf('Probes', 2);
    const pkg = await order(token);
    const ready = await waitFor(pkg.documentId, (row) => row.status === 'ready');
    const length = Number(ready.byteLength);

    const invalid = await download(http, pkg.path, { Range: 'bytes=10-5' });
    expect([invalid.status, invalid.body.length, invalid.headers['content-range']]).toEqual([200, length, undefined]);
    const answers = await Promise.all(
      [http, other].flatMap((base) => [
        download(base, pkg.path),
        download(base, pkg.path, { Range: `bytes=${length - 1}-` }),
        download(base, pkg.path, { Range: 'bytes=-10' }),
        download(base, pkg.path, { Range: 'bytes=0-1,5-6' }),
        download(base, pkg.path, { Range: 'bytes=10-5' }),
        download(base, pkg.path, { Range: `bytes=${length - 100}-${length + 100}` }),
      ]),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 206, 206, 206, 206, 206, 206]);
    await new Promise((resolve) => setTimeout(resolve, 500)); // deliveries are recorded once the bytes have left
    const rows = await strapi.db.query(EVENT).findMany({ where: { link: { id: link.id }, type: 'package' } });
    expect(rows.filter((row: any) => row.details?.state !== 'requested')).toHaveLength(1);
  }, 60_000);
});

describe('zip entry names', () => {
  /** 100 Japanese characters: 300 bytes of UTF-8, past what any file system takes in one name. */
  const JAPANESE_100 = '結婚式の写真と家族の思い出'.repeat(8).slice(0, 100);
  const HOSTILE = [
    JAPANESE_100,
    JAPANESE_100,
    JAPANESE_100 + '追加',
    'invoice\u202Egpj.exe',
    'Zero\u200Bwidth\u200D\uFEFF\u2066isolated\u2069',
    'Zerowidthisolated',
    'bell\u0007tab\u0009nel\u0085del\u007F',
  ];
  const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

  it('extracts a package of hostile labels with unzip, 7z x and Python extractall into real folders', async () => {
    const { imageIds, token } = await galleryOf('Names', HOSTILE.length, { title: 'Wedding \u202Eexe.piz\u202C \u200B album' });
    for (const [i, label] of HOSTILE.entries()) await strapi.db.query(IMAGE).update({ where: { documentId: imageIds[i] }, data: { label } });
    const pkg = await order(token);
    const ready = await waitFor(pkg.documentId, (row) => row.status === 'ready');
    const names: string[] = ready.layout.entries.map((entry: [string]) => entry[0]);
    expect(names).toHaveLength(HOSTILE.length);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
    for (const name of names) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
      expect(name).not.toMatch(INVISIBLE);
      expect(name.endsWith('.jpg')).toBe(true);
    }
    expect(names.filter((name) => name.startsWith(JAPANESE_100.slice(0, 80)))).toHaveLength(3);
    expect(names.some((name) => / \(2\)\.jpg$/.test(name))).toBe(true);

    const zip = await download(http, pkg.path);
    expect(zip.status).toBe(200);
    const disposition = zip.headers['content-disposition'];
    expect(decodeURIComponent(disposition)).not.toMatch(INVISIBLE);
    expect(disposition).toContain('filename="Wedding exe.piz album - web.zip"');

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-names-'));
    try {
      const file = path.join(dir, 'package.zip');
      fs.writeFileSync(file, zip.body);
      const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
      const into = (tool: string) => {
        const out = path.join(dir, tool);
        fs.mkdirSync(out);
        return out;
      };
      execFileSync('unzip', ['-q', file, '-d', into('unzip')], { env });
      execFileSync('7z', ['x', '-y', `-o${into('7z')}`, file], { env, stdio: 'pipe' });
      execFileSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', file, into('python')], { env });
      const expected = [...names].sort();
      const contents = new Map<string, string>();
      for (const tool of ['unzip', '7z', 'python']) {
        const extracted = fs.readdirSync(path.join(dir, tool)).sort();
        expect({ tool, extracted }).toEqual({ tool, extracted: expected });
        for (const name of extracted) {
          const digest = sha(fs.readFileSync(path.join(dir, tool, name)));
          expect(contents.get(name) ?? digest).toBe(digest);
          contents.set(name, digest);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

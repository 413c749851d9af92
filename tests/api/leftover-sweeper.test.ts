import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { createApiToken } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import { makeLink } from '../helpers/share';
import { photo } from '../helpers/photos';
import { hostTag } from '../../src/plugins/client-gallery/server/src/lib/temp-folders';

/**
 * The leftover sweeper (services/background/leftover-sweeper.ts): processes are killed with SIGKILL at a
 * random point of an ingest and of a package preparation, then one sweep runs. After it, no
 * stored file older than the age limit is unnamed by a row, no old `.part` file and no temp folder
 * of a dead process remains; and nothing live was touched: the files of every row, files younger
 * than the limit (an upload in flight), the temp folder of a live process. Its own boot: the age
 * limit is 2 s here (an hour by default), and the file counts every stored file.
 */
const AGE_SECONDS = 2;
const SWEEPER = 'plugin::client-gallery.leftover-sweeper';
const IMAGE = 'plugin::client-gallery.gallery-image';
const FILE = 'plugin::upload.file';
const GALLERY = 'plugin::client-gallery.gallery';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every stored file, by key, with its age. */
function storedFiles(root: string, dir = ''): Array<{ key: string; ageMs: number }> {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const key = dir ? `${dir}/${entry.name}` : entry.name;
    return entry.isDirectory() ? storedFiles(root, key) : [{ key, ageMs: Date.now() - fs.statSync(path.join(root, key)).mtimeMs }];
  });
}

/** Write a file, `ageSeconds` old. */
function plant(file: string, ageSeconds: number) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'left behind');
  const when = new Date(Date.now() - ageSeconds * 1000);
  fs.utimesSync(file, when, when);
}

describe('leftover sweeper', () => {
  let booted: BootedStrapi;
  let strapi: Core.Strapi;
  let apiToken: string;
  let clientId: string;
  let token: string;
  let other: StrapiWorker;
  let sleeper: ChildProcess;
  const sweeper = () => strapi.service(SWEEPER) as { sweep(options?: { due?: 'period' | 'now' }): Promise<{ orphans: string[]; parts: string[]; tempFolders: string[] } | null> };

  /** The keys every row names: Strapi's files (and formats) and the variants recorded on images. */
  async function namedKeys(): Promise<{ keys: Set<string>; folders: Set<string> }> {
    const keys = new Set<string>();
    const folders = new Set<string>();
    for (const file of await strapi.db.query(FILE).findMany({ select: ['hash', 'ext', 'formats'] })) {
      keys.add(`${file.hash}${file.ext ?? ''}`);
      for (const format of Object.values<any>(file.formats ?? {})) keys.add(`${format.path ? `${format.path}/` : ''}${format.hash}${format.ext ?? ''}`);
    }
    for (const image of await strapi.db.query(IMAGE).findMany({ select: ['derivatives'] })) {
      for (const variant of Object.values<any>(image.derivatives ?? {})) {
        keys.add(`${variant.path}/${variant.hash}${variant.ext}`);
        folders.add(variant.path);
      }
    }
    return { keys, folders };
  }

  beforeAll(async () => {
    booted = await bootStrapi('leftover-sweeper', { SWEEP_ORPHAN_AGE_SECONDS: String(AGE_SECONDS), CRON_ENABLED: 'false', STUDIO_NOTIFY_EMAIL: '' });
    strapi = booted.strapi;
    // A second process: it sweeps beside this one, then is killed mid-work. It boots while this one makes its rows.
    const starting = startStrapiWorker(booted.env);
    apiToken = await createApiToken(strapi);
    clientId = (await createClient(strapi, 'Sweeper Sam')).documentId;
    // A ready gallery of real photos, for a package to prepare.
    let req = request(booted.baseUrl).post('/api/gallery-images/ingest').set('Authorization', `Bearer ${apiToken}`).field('client', clientId);
    for (let i = 0; i < 3; i += 1) req = req.attach('files', await photo({ width: 1200, height: 900, seed: 300 + i }), { filename: `g${i}.jpg`, contentType: 'image/jpeg' });
    const ingested = await req;
    expect(ingested.status).toBe(201);
    const gallery = await strapi.documents(GALLERY).create({
      data: { title: 'Sweeper gallery', client: clientId, images: ingested.body.results.map((r: any) => r.image.documentId), stage: 'ready', deadline: '2099-07-15' } as any,
    });
    await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
    token = (await makeLink(strapi, gallery.documentId, { recipientEmail: 'sweeper@client.test', downloadsEnabled: true, resolutions: ['web', 'original'] })).token;
    other = await starting;
    sleeper = spawn('sleep', ['120']);
  }, 120_000);

  afterAll(async () => {
    sleeper?.kill();
    await other?.kill();
    await booted?.stop();
  });

  it('runs once per period across processes: of two at once, one sweeps and the other skips', async () => {
    const results = await Promise.all([sweeper().sweep(), other.call(SWEEPER, 'sweep')]);
    expect(results.filter((result) => result !== null)).toHaveLength(1);
    // Just swept: not due again within the period, on either process.
    expect([await sweeper().sweep(), await other.call(SWEEPER, 'sweep')]).toEqual([null, null]);
  });

  it('leaves no orphan after one sweep, and touches no live file', async () => {
    const killed = other;
    // kill -9 at a random point of an ingest (4 photos) and a package preparation, running together.
    const delay = Math.floor(Math.random() * 1000);
    // Printed so a failure can be repeated with the same point.
    process.stdout.write(`leftover sweeper: kill -9 after ${delay} ms of ingest and preparation\n`);
    let upload = request(`http://127.0.0.1:${killed.port}`).post('/api/gallery-images/ingest').set('Authorization', `Bearer ${apiToken}`).field('client', clientId);
    for (let i = 0; i < 4; i += 1) upload = upload.attach('files', await photo({ width: 1600, height: 1200, seed: 400 + i }), { filename: `k${i}.jpg`, contentType: 'image/jpeg' });
    const order = request(`http://127.0.0.1:${killed.port}`).post(`/api/share/${token}/packages`).send({ resolution: 'web' });
    const ignore = () => undefined;
    await Promise.all([upload.then(ignore, ignore), order.then(ignore, ignore), sleep(delay).then(() => killed.kill())]);
    // A temp folder of the killed process, as a kill during a multipart parse leaves it.
    plant(path.join(os.tmpdir(), `client-gallery-upload-${hostTag()}-${killed.pid}-dead01`, 'part'), 0);

    const root = booted.uploadDir;
    const deadFolders = fs.readdirSync(os.tmpdir()).filter((name) => /^client-gallery-upload-[0-9a-f]{8}-\d+-dead01$/.test(name) && name.includes(`-${hostTag()}-`));
    const liveFolders = [`client-gallery-upload-${hostTag()}-${sleeper.pid}-live01`, `client-gallery-source-${hostTag()}-${sleeper.pid}-live02`];
    for (const name of liveFolders) plant(path.join(os.tmpdir(), name, 'in-use'), 0);
    // What a kill leaves, planted too, so each kind is there whatever point the kills hit.
    plant(path.join(root, 'derivatives', 'ab'.repeat(16), 'thumb.jpg'), 60);
    plant(path.join(root, 'killed_ab12cd.jpg'), 60);
    plant(path.join(root, 'killed_ab12cd.jpg.0123456789ab.part'), 60);
    await sleep(AGE_SECONDS * 1000 + 200);
    // Younger than the limit: an upload in flight.
    plant(path.join(root, 'in-flight_ef34gh.jpg'), 0);
    plant(path.join(root, 'in-flight_ef34gh.jpg.ba9876543210.part'), 0);

    // The studio's logo is named by its setting, not a row: the current one stays, a replaced one left behind goes.
    const logoSource = path.join(os.tmpdir(), `cg-sweeper-logo-${process.pid}.png`);
    fs.writeFileSync(logoSource, await photo({ width: 300, height: 100, seed: 9 }));
    const { logo } = await strapi.plugin('client-gallery').service('brand-logo').replace({ filepath: logoSource, size: fs.statSync(logoSource).size });
    fs.rmSync(logoSource);
    const logoKey = `brand/${logo}`;
    const aged = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(root, logoKey), aged, aged);
    const replacedLogo = `brand/${'cd'.repeat(16)}.png`;
    plant(path.join(root, replacedLogo), 60);

    const before = await namedKeys();
    before.keys.add(logoKey);
    const report = await sweeper().sweep({ due: 'now' });
    expect(report!.orphans).toContain(replacedLogo);
    expect(report!.orphans).not.toContain(logoKey);
    expect(report).not.toBeNull();
    expect(report!.orphans).toEqual(expect.arrayContaining([`derivatives/${'ab'.repeat(16)}/thumb.jpg`, 'killed_ab12cd.jpg']));
    expect(report!.parts).toContain('killed_ab12cd.jpg.0123456789ab.part');
    expect(report!.tempFolders).toEqual(expect.arrayContaining(deadFolders.map((name) => path.join(os.tmpdir(), name))));

    const after = storedFiles(root);
    const present = new Set(after.map((file) => file.key));
    // No orphan: every file older than the limit is named by a row (or sits in a recorded variant folder).
    const orphans = after.filter((file) => file.ageMs >= AGE_SECONDS * 1000 && !before.keys.has(file.key) && !before.folders.has(path.posix.dirname(file.key)));
    expect(orphans).toEqual([]);
    expect(after.filter((file) => file.key.endsWith('.part') && file.ageMs >= AGE_SECONDS * 1000)).toEqual([]);
    // Nothing live touched: the files of every row, the young ones, a live process's temp folder.
    expect([...before.keys].filter((key) => !present.has(key))).toEqual([]);
    expect(['in-flight_ef34gh.jpg', 'in-flight_ef34gh.jpg.ba9876543210.part'].filter((key) => !present.has(key))).toEqual([]);
    for (const name of liveFolders) expect(fs.existsSync(path.join(os.tmpdir(), name, 'in-use'))).toBe(true);
    for (const name of deadFolders) expect(fs.existsSync(path.join(os.tmpdir(), name))).toBe(false);
    // The gallery still delivers every photo.
    const listed = await request(booted.baseUrl).get(`/api/share/${token}/images`);
    for (const image of listed.body.data) expect((await request(booted.baseUrl).get(image.thumbUrl)).status).toBe(200);
    for (const name of liveFolders) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
  });
});

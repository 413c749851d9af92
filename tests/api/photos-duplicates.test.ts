import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { createClient } from '../helpers/fixtures';
import { photo } from '../helpers/photos';
import { startStorage, type TestStorage } from '../helpers/storage';
import type { IngestResult } from '../../src/plugins/client-gallery/server/src/services/photos/ingest';

/**
 * "The same file uploaded twice to one client is detected and reported, not silently stored
 * twice" must hold when the two uploads land on two server processes at once: the in-process
 * wait cannot see the other process, so the database's unique key decides, and the loser
 * reports a duplicate and leaves no file of its own behind.
 */
const IMAGE = 'plugin::client-gallery.gallery-image';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let storage: TestStorage;
let worker: StrapiWorker;
let dir: string;

beforeAll(async () => {
  storage = await startStorage('private-local');
  booted = await bootStrapi('photos-duplicates', storage.env);
  strapi = booted.strapi;
  worker = await startStrapiWorker(booted.database.env);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-dupes-'));
}, 180000);

afterAll(async () => {
  await worker?.stop();
  await booted?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the photo on disk for one request, as the body parser would leave it. */
function incoming(bytes: Buffer, name: string) {
  const filepath = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}`);
  fs.writeFileSync(filepath, bytes);
  return { filepath, originalFilename: name, mimetype: 'image/jpeg', size: bytes.length };
}

describe('duplicate photos across server processes', () => {
  it('stores a photo sent to both processes at once exactly once; every other upload reports it as the duplicate', async () => {
    const client = await createClient(strapi, 'Tess Twice');
    const bytes = await photo({ width: 1600, height: 1200, seed: 77 });
    const keysBefore = storage.keys(booted.uploadDir);

    const ingest = (i: number): Promise<{ results: IngestResult[] }> => {
      const input = { clientDocumentId: client.documentId, files: [incoming(bytes, `twice-${i}.jpg`)] };
      return i % 2 === 0
        ? strapi.plugin('client-gallery').service('ingest').ingest(input)
        : worker.call('plugin::client-gallery.ingest', 'ingest', input);
    };
    const results = (await Promise.all(Array.from({ length: 8 }, (_, i) => ingest(i)))).map((r) => r.results[0]);

    const created = results.filter((r) => r.status === 'created');
    expect(created).toHaveLength(1);
    const winner = created[0].status === 'created' ? created[0].image.documentId : '';
    for (const result of results) {
      if (result.status === 'duplicate') expect(result.existing).toBe(winner);
    }

    expect(await strapi.db.query(IMAGE).count({ where: { client: { documentId: client.documentId } } })).toBe(1);
    expect(await strapi.db.query('plugin::upload.file').count({ where: { name: { $startsWith: 'twice-' } } })).toBe(1);
    // One original plus the ingest derivatives: a loser's own original is gone, the shared derivatives stay.
    const row = await strapi.db.query(IMAGE).findOne({ where: { documentId: winner }, populate: { file: true } });
    const added = storage.keys(booted.uploadDir).filter((key) => !keysBefore.includes(key));
    expect(added).toHaveLength(1 + Object.keys(row.derivatives).length);
    expect(added.some((key) => key.includes(row.file.hash))).toBe(true);
    const thumb = await strapi.plugin('client-gallery').service('derivatives').signedUrl(winner, 'thumb');
    expect(thumb).toMatch(/^\/media\//);
  });
});

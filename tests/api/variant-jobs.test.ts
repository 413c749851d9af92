/** @lane serial: asserts a job is made within 3 s, which a neighbour's load would bend (scripts/run-tests.js). */
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { createClient } from '../helpers/fixtures';
import { makeJpeg } from '../helpers/fixtures';
import { ingestPhoto } from '../helpers/downloads';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { galleryImageIds, makeLink, setStatus } from '../helpers/share';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';

/**
 * Variants made ahead of need, as leased jobs (services/storage/variant-job.ts): with
 * downloads.prepareAhead, a gallery that becomes ready gets the files its links may download,
 * so its first package is ready at once; a job is one row however often it is asked for, runs
 * on one process at a time, and one whose process died is taken over from where it stopped.
 */
const GALLERY = 'plugin::client-gallery.gallery';
const JOB = 'plugin::client-gallery.variant-job';
const IMAGE = 'plugin::client-gallery.gallery-image';
const PHOTOS = 6;

let booted: BootedStrapi;
let strapi: Core.Strapi;
let worker: StrapiWorker;
let sequence = 0;
const jobs = () => strapi.plugin('client-gallery').service('variant-job');

/** A proofing gallery of distinct photos (distinct checksums: each needs its own renders). */
async function proofingGallery() {
  sequence += 1;
  const client = await createClient(strapi, `Vera Variant ${sequence}`);
  const ids: string[] = [];
  for (let i = 0; i < PHOTOS; i += 1)
    ids.push((await ingestPhoto(strapi, client.documentId, await makeJpeg(500 + sequence * 10 + i, 1200, 800), `vera-${i}.jpg`)).documentId);
  const gallery = await strapi
    .documents(GALLERY)
    .create({ data: { title: `Vera ${sequence}`, client: client.documentId, images: ids, stage: 'proofing' } as any });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  return gallery.documentId as string;
}

/** The derivative ids each photo of the gallery has recorded. */
async function recordedVariants(galleryDocumentId: string) {
  const ids = await galleryImageIds(strapi, galleryDocumentId);
  const rows = await strapi.db.query(IMAGE).findMany({ where: { documentId: { $in: ids } }, select: ['documentId', 'derivatives'] });
  return rows.map((row: any) => Object.keys(row.derivatives ?? {}).sort());
}

beforeAll(async () => {
  booted = await bootStrapi('variant-jobs', { STUDIO_NOTIFY_EMAIL: '', DOWNLOADS_PREPARE_AHEAD: 'true', CRON_ENABLED: 'false' });
  strapi = booted.strapi;
  worker = await startStrapiWorker(booted.database.env);
}, 120000);

afterAll(async () => {
  await jobs()?.settled();
  await worker?.stop();
  await booted?.stop();
});

describe('preparing ahead (downloads.prepareAhead)', () => {
  it('queues nothing while the gallery is proofing', async () => {
    const gallery = await proofingGallery();
    await makeLink(strapi, gallery, { recipientEmail: 'early@client.test', downloadsEnabled: true, resolutions: ['web'], watermark: true });
    await setStatus(strapi, gallery, 'locked');
    expect(await strapi.db.query(JOB).count({ where: { galleryDocumentId: gallery, purpose: 'downloads' } })).toBe(0);
  });

  it('makes what the links may download when the gallery becomes ready, so the first package needs no render', async () => {
    const gallery = await proofingGallery();
    const { token } = await makeLink(strapi, gallery, {
      recipientEmail: 'ahead@client.test',
      downloadsEnabled: true,
      resolutions: ['web', 'high'],
      watermark: true,
    });
    await makeLink(strapi, gallery, { recipientEmail: 'nodownloads@client.test', downloadsEnabled: false, watermark: false });
    const before = await recordedVariants(gallery);

    await setStatus(strapi, gallery, 'ready');
    await jobs().settled();
    const job = await strapi.db.query(JOB).findOne({ where: { galleryDocumentId: gallery, purpose: 'downloads' } });
    expect(job).toMatchObject({ status: 'done', photosDone: PHOTOS });
    const after = await recordedVariants(gallery);
    // Each photo gained exactly its watermarked web and high files (the link without downloads adds nothing).
    for (const [i, keys] of after.entries()) {
      const added = keys.filter((key: string) => !before[i].includes(key));
      expect(added.map((key: string) => key.split('-')[0]).sort()).toEqual(['high', 'web']);
    }

    const derivatives = strapi.plugin('client-gallery').service('derivatives');
    const render = jest.spyOn(derivatives, 'render');
    try {
      const started = Date.now();
      const ordered = await request(booted.baseUrl).post(`/api/share/${token}/packages`).send({ resolution: 'high' });
      await strapi.plugin('client-gallery').service('download-package').settled();
      const status = await request(booted.baseUrl).get(new URL(ordered.body.data.statusUrl).pathname);
      expect(status.body.data).toMatchObject({ status: 'ready', prepared: PHOTOS });
      expect(render).not.toHaveBeenCalled();
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      render.mockRestore();
    }
  });
});

describe('a variant job', () => {
  const request1 = { variant: 'web', watermark: null, keepMetadata: false };

  it('is one row however many processes ask for it at once', async () => {
    const gallery = await proofingGallery();
    await Promise.all([
      jobs().enqueue(gallery, 'downloads', [request1]),
      worker.call('plugin::client-gallery.variant-job', 'enqueue', gallery, 'downloads', [request1]),
      jobs().enqueue(gallery, 'downloads', [request1]),
    ]);
    await Promise.all([jobs().settled(), worker.call('plugin::client-gallery.variant-job', 'settled')]);
    const rows = await strapi.db.query(JOB).findMany({ where: { galleryDocumentId: gallery } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'done', photosDone: PHOTOS });
  });

  it('leaves a job whose lease is fresh to its owner, and takes over a stale one from its cursor, on one process only', async () => {
    const gallery = await proofingGallery();
    const order = await galleryImageIds(strapi, gallery);
    const rows = await strapi.db.query(IMAGE).findMany({ where: { documentId: { $in: order } }, select: ['id', 'documentId'] });
    const idOf = new Map(rows.map((row: any) => [row.documentId, row.id]));
    const entry = await strapi.db
      .connection('gallery_entries')
      .where({ gallery_document_id: gallery, image_id: idOf.get(order[2]) })
      .first();
    // A job that a dead process left after the first three photos.
    const job = await strapi.db.query(JOB).create({
      data: {
        jobKey: `test:${gallery}`,
        galleryDocumentId: gallery,
        purpose: 'downloads',
        requests: [request1],
        status: 'running',
        leaseOwner: 'dead.process',
        leasedAt: new Date(),
        afterPosition: entry.position,
        afterImageId: idOf.get(order[2]),
        photosDone: 3,
      },
    });
    await Promise.all([jobs().sweep(), worker.call('plugin::client-gallery.variant-job', 'sweep')]);
    expect(await strapi.db.query(JOB).findOne({ where: { id: job.id } })).toMatchObject({ status: 'running', leaseOwner: 'dead.process' });

    await strapi.db.query(JOB).update({ where: { id: job.id }, data: { leasedAt: new Date(Date.now() - 10 * 60_000) } });
    await Promise.all([jobs().sweep(), worker.call('plugin::client-gallery.variant-job', 'sweep'), jobs().sweep()]);
    await Promise.all([jobs().settled(), worker.call('plugin::client-gallery.variant-job', 'settled')]);
    expect(await strapi.db.query(JOB).findOne({ where: { id: job.id } })).toMatchObject({ status: 'done', photosDone: PHOTOS, leaseOwner: null });
    const made = await recordedVariants(gallery);
    const webOf = (keys: string[]) => keys.filter((key) => key.startsWith('web-')).length;
    // In the gallery's order: the first three were left as the dead process had them, the rest were made.
    const byDocumentId = new Map(
      (await strapi.db.query(IMAGE).findMany({ where: { documentId: { $in: order } }, select: ['documentId', 'derivatives'] })).map((row: any) => [
        row.documentId,
        Object.keys(row.derivatives ?? {}),
      ]),
    );
    expect(order.map((documentId) => webOf(byDocumentId.get(documentId) as string[]))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(made).toHaveLength(PHOTOS);
  });
});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { startStorage, type TestStorage } from '../helpers/storage';
import { createApiToken } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import { photo } from '../helpers/photos';

/**
 * The leftover sweeper on S3 (a real S3 HTTP server on loopback): the bucket is listed in pages
 * with ListObjectsV2, an object no row names and older than the age limit goes, and every object
 * of a row stays. Its own boot: the age limit is 2 s here, and the file lists the whole bucket.
 */
const AGE_SECONDS = 2;
const SWEEPER = 'plugin::client-gallery.leftover-sweeper';

describe('leftover sweeper on S3', () => {
  let storage: TestStorage;
  let booted: BootedStrapi;
  let strapi: Core.Strapi;

  beforeAll(async () => {
    storage = await startStorage('s3');
    booted = await bootStrapi('leftover-sweeper-s3', { ...storage.env, SWEEP_ORPHAN_AGE_SECONDS: String(AGE_SECONDS), CRON_ENABLED: 'false', STUDIO_NOTIFY_EMAIL: '' });
    strapi = booted.strapi;
  });

  afterAll(async () => {
    await booted?.stop();
    await storage?.stop();
  });

  it('removes an old object no row names, and keeps every object of a row and every young one', async () => {
    const apiToken = await createApiToken(strapi);
    const clientId = (await createClient(strapi, 'Sweeper S3 Sue')).documentId;
    const ingested = await request(booted.baseUrl)
      .post('/api/gallery-images/ingest')
      .set('Authorization', `Bearer ${apiToken}`)
      .field('client', clientId)
      .attach('files', await photo({ seed: 501 }), { filename: 's3.jpg', contentType: 'image/jpeg' });
    expect(ingested.status).toBe(201);
    const store = strapi.plugin('client-gallery').service('storage');
    // What a killed ingest leaves: an original and a variant no row names.
    await store.put({ hash: 'killed_0f1e2d', ext: '.jpg', mime: 'image/jpeg' }, Buffer.from('left behind'));
    await store.put({ path: `derivatives/${'cd'.repeat(16)}`, hash: 'thumb', ext: '.jpg', mime: 'image/jpeg' }, Buffer.from('left behind'));
    const live = storage.keys(booted.uploadDir).filter((key) => !key.startsWith('killed_') && !key.startsWith(`derivatives/${'cd'.repeat(16)}`));
    await new Promise((resolve) => setTimeout(resolve, AGE_SECONDS * 1000 + 1100));
    // Younger than the limit: an upload in flight.
    await store.put({ hash: 'in-flight_9a8b7c', ext: '.jpg', mime: 'image/jpeg' }, Buffer.from('in flight'));

    const report = await strapi.service(SWEEPER).sweep({ due: 'now' });
    expect(report.orphans.sort()).toEqual([`derivatives/${'cd'.repeat(16)}/thumb.jpg`, 'killed_0f1e2d.jpg']);
    expect(storage.keys(booted.uploadDir)).toEqual([...live, 'in-flight_9a8b7c.jpg'].sort());
  });
});

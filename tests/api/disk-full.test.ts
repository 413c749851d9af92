import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createAdmin, createApiToken, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import { photo } from '../helpers/photos';
import { hostTag } from '../../src/plugins/client-gallery/server/src/lib/temp-folders';

/**
 * A full disk on ingest (ENOSPC) answers 507 Insufficient Storage with the reason, and leaves
 * nothing behind: no image or file row, no stored file, no `.part` file, no temp folder. The
 * storage is a real 2 MB tmpfs (mounting one needs root, which the test machine and CI have),
 * filled up to a chosen number of free bytes, so the write fails where it would in production:
 * once with no room for the original, once with room for the original but not its variants.
 * Both upload paths are checked: the studio's REST ingest and the admin panel's upload. There is
 * no visitor or portal upload.
 */
const IMAGE = 'plugin::client-gallery.gallery-image';
const FILE = 'plugin::upload.file';

describe('ingest on a full disk', () => {
  let booted: BootedStrapi;
  let strapi: Core.Strapi;
  let mount: string;
  let apiToken: string;
  let modifier: string;
  let clientId: string;
  let seed = 90;

  /** Every file under `dir`, relative. */
  const filesUnder = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)).map((name) => `${entry.name}/${name}`) : [entry.name]));
  /** This process's upload temp folders (the server runs in this process). */
  const ownTempFolders = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`client-gallery-upload-${hostTag()}-${process.pid}-`));

  /** Leave exactly `free` bytes (to a page) on the tmpfs. */
  function leaveFree(free: number) {
    fs.rmSync(path.join(mount, 'filler'), { force: true });
    const available = fs.statfsSync(mount).bavail * fs.statfsSync(mount).bsize;
    fs.writeFileSync(path.join(mount, 'filler'), Buffer.alloc(Math.max(0, available - free)));
  }

  beforeAll(async () => {
    mount = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-disk-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mount]);
    booted = await bootStrapi('disk-full', { UPLOAD_DIR: mount, CRON_ENABLED: 'false', STUDIO_NOTIFY_EMAIL: '' });
    strapi = booted.strapi;
    apiToken = await createApiToken(strapi);
    modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'disk full modifier')).token;
    clientId = (await createClient(strapi, 'Disk Full Dora')).documentId;
  });

  afterAll(async () => {
    await booted?.stop();
    try {
      execFileSync('umount', [mount]);
    } finally {
      fs.rmSync(mount, { recursive: true, force: true });
    }
  });

  const http = () => request(booted.baseUrl);
  const routes = {
    'the studio REST ingest': () => http().post('/api/gallery-images/ingest').set('Authorization', `Bearer ${apiToken}`).field('client', clientId),
    'the admin upload': () => http().post(`/client-gallery/clients/${clientId}/images`).set('Authorization', `Bearer ${modifier}`),
  };

  describe.each(Object.keys(routes) as Array<keyof typeof routes>)('through %s', (route) => {
    it.each([
      ['no room for the original', (_bytes: Buffer) => 16 * 1024],
      ['room for the original, not for its variants', (bytes: Buffer) => bytes.length + 24 * 1024],
    ])('answers 507 with the reason and keeps nothing, with %s', async (_case, free) => {
      // A photo of its own: the same bytes again would be a duplicate, which stores nothing.
      const bytes = await photo({ width: 1200, height: 900, seed: (seed += 1) });
      const before = { images: await strapi.db.query(IMAGE).count({}), files: await strapi.db.query(FILE).count({}) };
      const stored = filesUnder(mount).filter((name) => name !== 'filler');
      leaveFree(free(bytes));
      const res = await routes[route]().attach('files', bytes, { filename: 'full.jpg', contentType: 'image/jpeg' });
      expect(res.status).toBe(507);
      expect(res.body.error).toMatchObject({ status: 507, name: 'InsufficientStorageError', message: expect.stringMatching(/storage is full/) });
      expect({ images: await strapi.db.query(IMAGE).count({}), files: await strapi.db.query(FILE).count({}) }).toEqual(before);
      expect(filesUnder(mount).sort()).toEqual([...stored, 'filler'].sort());
      expect(ownTempFolders()).toEqual([]);

      // With room again, the same upload goes through: the refusal was the disk, not the photo.
      fs.rmSync(path.join(mount, 'filler'));
      expect((await routes[route]().attach('files', bytes, { filename: 'full.jpg', contentType: 'image/jpeg' })).status).toBe(201);
    });
  });
});

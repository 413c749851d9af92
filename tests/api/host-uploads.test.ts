import fs from 'fs';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { useProfile } from '../helpers/shared-boot';
import type { ProfileBoot } from '../helpers/profiles';
import { createApiToken, createSuperAdmin } from '../helpers/admin';
import { makeJpeg } from '../helpers/fixtures';

const FILE = 'plugin::upload.file';

interface StoredRow {
  id: number;
  name: string;
  hash: string;
  ext: string;
  mime: string;
}

/**
 * Strapi's own uploads under the multipart gate (this app's config/middlewares has it before a
 * strapi::body that parses no multipart): headless hosts upload through the content API with an
 * API token, staff through the Media Library with an admin JWT. The gate lets those bodies
 * through, and the routes parse them after authentication, in the shape strapi::body gives.
 * Rows are found by this file's own file names.
 */
describe("Strapi's uploads behind the multipart gate", () => {
  let booted: ProfileBoot;
  let strapi: Core.Strapi;
  let apiToken: string;
  let superAdmin: string;
  const http = () => request(booted.baseUrl);

  beforeAll(async () => {
    booted = await useProfile('default');
    strapi = booted.strapi;
    apiToken = await createApiToken(strapi);
    superAdmin = (await createSuperAdmin(strapi)).token;
  });

  const rowNamed = async (name: string) => (await strapi.db.query(FILE).findOne({ where: { name } })) as StoredRow | null;

  /** The row is there, and its bytes are in storage: a JPEG under the row's key. */
  async function expectStored(name: string): Promise<StoredRow> {
    const row = await rowNamed(name);
    expect(row).toEqual(expect.objectContaining({ name, mime: 'image/jpeg' }));
    const key = `${row!.hash}${row!.ext}`;
    expect(booted.storage.keys(booted.uploadDir)).toContain(key);
    expect(fs.readFileSync(path.join(booted.uploadDir, key)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    return row!;
  }

  describe('POST /api/upload (content API, API token)', () => {
    it('stores one file', async () => {
      const res = await http().post('/api/upload').set('Authorization', `Bearer ${apiToken}`).attach('files', await makeJpeg(1), 'host-uploads-one.jpg');
      expect(res.status).toBe(201);
      expect(res.body).toEqual([expect.objectContaining({ name: 'host-uploads-one.jpg', mime: 'image/jpeg' })]);
      await expectStored('host-uploads-one.jpg');
    });

    it('stores two files sent in the one `files` field, with their fileInfo', async () => {
      const res = await http()
        .post('/api/upload')
        .set('Authorization', `Bearer ${apiToken}`)
        .field('fileInfo', JSON.stringify({ alternativeText: 'first of two' }))
        .field('fileInfo', JSON.stringify({ alternativeText: 'second of two' }))
        // A big first file finishes writing after the small second one: fileInfo still pairs by the order sent.
        .attach('files', await makeJpeg(2, 2400, 1600), 'host-uploads-pair-a.jpg')
        .attach('files', await makeJpeg(3), 'host-uploads-pair-b.jpg');
      expect(res.status).toBe(201);
      expect(res.body.map((file: { name: string }) => file.name).sort()).toEqual(['host-uploads-pair-a.jpg', 'host-uploads-pair-b.jpg']);
      await expectStored('host-uploads-pair-a.jpg');
      await expectStored('host-uploads-pair-b.jpg');
      const texts = await strapi.db.query(FILE).findMany({ where: { name: { $in: ['host-uploads-pair-a.jpg', 'host-uploads-pair-b.jpg'] } }, orderBy: { name: 'asc' } });
      expect(texts.map((file: { name: string; alternativeText: string }) => [file.name, file.alternativeText])).toEqual([
        ['host-uploads-pair-a.jpg', 'first of two'],
        ['host-uploads-pair-b.jpg', 'second of two'],
      ]);
    });

    it('replaces a file with ?id=', async () => {
      const first = await http().post('/api/upload').set('Authorization', `Bearer ${apiToken}`).attach('files', await makeJpeg(4), 'host-uploads-before.jpg');
      expect(first.status).toBe(201);
      const { id } = first.body[0];
      const replaced = await http().post(`/api/upload?id=${id}`).set('Authorization', `Bearer ${apiToken}`).attach('files', await makeJpeg(5, 120, 80), 'host-uploads-after.jpg');
      expect(replaced.status).toBe(200);
      expect(replaced.body).toEqual(expect.objectContaining({ id, name: 'host-uploads-after.jpg', width: 120, height: 80 }));
      const row = await expectStored('host-uploads-after.jpg');
      expect(row.id).toBe(id);
      expect(await rowNamed('host-uploads-before.jpg')).toBeNull();
    });

    it('refuses an anonymous upload (no public upload permission) and stores nothing', async () => {
      const res = await http().post('/api/upload').attach('files', await makeJpeg(6), 'host-uploads-anonymous.jpg');
      expect([401, 403]).toContain(res.status);
      expect(await rowNamed('host-uploads-anonymous.jpg')).toBeNull();
    });

    it('refuses a read-only token and stores nothing', async () => {
      const readOnly = await createApiToken(strapi, 'read-only');
      const res = await http().post('/api/upload').set('Authorization', `Bearer ${readOnly}`).attach('files', await makeJpeg(7), 'host-uploads-read-only.jpg');
      expect(res.status).toBe(403);
      expect(await rowNamed('host-uploads-read-only.jpg')).toBeNull();
    });
  });

  describe('POST /upload (Media Library, admin JWT)', () => {
    it('stores a file', async () => {
      const res = await http().post('/upload').set('Authorization', `Bearer ${superAdmin}`).attach('files', await makeJpeg(8), 'host-uploads-library.jpg');
      expect(res.status).toBe(201);
      expect(res.body).toEqual([expect.objectContaining({ name: 'host-uploads-library.jpg', mime: 'image/jpeg' })]);
      await expectStored('host-uploads-library.jpg');
    });

    it('refuses an API token (admin routes take admin sessions only)', async () => {
      const res = await http().post('/upload').set('Authorization', `Bearer ${apiToken}`).attach('files', await makeJpeg(9), 'host-uploads-library-token.jpg');
      expect(res.status).toBe(401);
      expect(await rowNamed('host-uploads-library-token.jpg')).toBeNull();
    });
  });

  it('still refuses a multipart body on a route that takes no files (415)', async () => {
    const res = await http().post('/api/upload/files/1').set('Authorization', `Bearer ${apiToken}`).attach('files', await makeJpeg(10), 'host-uploads-nowhere.jpg');
    expect(res.status).toBe(415);
  });
});

import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { usePostgres } from '../helpers/database';
import { startStrapiWorker } from '../helpers/second-process';
import { createClient, createImages, makeJpeg, uploadFile } from '../helpers/fixtures';

const GRANTS = 'plugin::client-gallery.download-grant';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let imageIds: number[];
let gallery: { documentId: string };

async function link(limit: number | null) {
  const created = await strapi.db.query('plugin::client-gallery.share-link').create({
    data: { kind: 'private', recipientEmail: 'grant@client.test', downloadsEnabled: true, downloadLimit: limit, downloadsUsed: 0, tokenHash: `grant-${Math.random()}`, gallery: undefined },
  });
  return created.id as number;
}

const take = (linkId: number, ids: number[]) => strapi.service(GRANTS).take(linkId, ids);
const grantCount = (linkId: number) => strapi.db.query(GRANTS).count({ where: { link: { id: linkId }, state: 'granted' } });

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  const file = await uploadFile(strapi, await makeJpeg(3), 'grant.jpg');
  const client = await createClient(strapi, 'Grace Grant');
  const images = await createImages(strapi, client.documentId, file.id, 220);
  imageIds = (await strapi.db.query('plugin::client-gallery.gallery-image').findMany({ where: { documentId: { $in: images.map((i) => i.documentId) } }, select: ['id'] })).map((r: { id: number }) => r.id);
  gallery = { documentId: client.documentId };
});


describe('download-grant', () => {
  describe('take', () => {
    it('is all or nothing against what remains', async () => {
      const linkId = await link(3);
      await expect(take(linkId, imageIds.slice(0, 4))).rejects.toMatchObject({ name: 'DownloadLimitReachedError', details: { limit: 3, used: 0, remaining: 3, requested: 4 } });
      expect(await grantCount(linkId)).toBe(0);
      await expect(take(linkId, imageIds.slice(0, 3))).resolves.toMatchObject({ granted: imageIds.slice(0, 3), used: 3, remaining: 0 });
    });

    it('charges nothing for a photo the link already holds', async () => {
      const linkId = await link(2);
      await take(linkId, [imageIds[0]]);
      const again = await take(linkId, [imageIds[0], imageIds[0]]);
      expect(again).toMatchObject({ granted: [], alreadyGranted: [imageIds[0]], used: 1, remaining: 1 });
      await expect(take(linkId, [imageIds[0], imageIds[1]])).resolves.toMatchObject({ granted: [imageIds[1]], used: 2, remaining: 0 });
      await expect(take(linkId, [imageIds[1]])).resolves.toMatchObject({ granted: [] });
    });

    it('takes a raised limit into account at once', async () => {
      const linkId = await link(1);
      await take(linkId, [imageIds[0]]);
      await expect(take(linkId, [imageIds[1]])).rejects.toMatchObject({ name: 'DownloadLimitReachedError' });
      await strapi.db.query('plugin::client-gallery.share-link').update({ where: { id: linkId }, data: { downloadLimit: 2 } });
      await expect(take(linkId, [imageIds[1]])).resolves.toMatchObject({ granted: [imageIds[1]], remaining: 0 });
    });

    it('never limits a link without a limit', async () => {
      const linkId = await link(null);
      await expect(take(linkId, imageIds.slice(0, 100))).resolves.toMatchObject({ limit: null, used: 100, remaining: null });
    });

    it('never grants past the limit under 200 concurrent requests (single photos and packages mixed)', async () => {
      const linkId = await link(50);
      const requests = Array.from({ length: 200 }, (_, i) => (i % 10 === 0 ? imageIds.slice(i, i + 5) : [imageIds[i]]));
      const results = await Promise.allSettled(requests.map((ids) => take(linkId, ids)));
      const granted = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.granted : []));
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused.every((r) => (r as PromiseRejectedResult).reason.name === 'DownloadLimitReachedError')).toBe(true);
      expect(new Set(granted).size).toBe(granted.length);
      expect(granted.length).toBe(50);
      expect(await grantCount(linkId)).toBe(50);
      expect((await strapi.service(GRANTS).allowance(linkId)).used).toBe(50);
    });

    (usePostgres ? it : it.skip)('never grants past the limit when two Strapi processes take at once (PostgreSQL)', async () => {
      const worker = await startStrapiWorker(booted.env);
      try {
        const linkId = await link(50);
        const requests = Array.from({ length: 200 }, (_, i) => [imageIds[i]]);
        const results = await Promise.allSettled(
          requests.map((ids, i) => (i % 2 === 0 ? take(linkId, ids) : worker.call<{ granted: number[] }>(GRANTS, 'take', linkId, ids))),
        );
        const granted = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.granted : []));
        expect(granted.length).toBe(50);
        expect(await grantCount(linkId)).toBe(50);
        const byWorker = results.filter((r, i) => i % 2 === 1 && r.status === 'fulfilled').length;
        expect(byWorker).toBeGreaterThan(0); // both processes really took part
      } finally {
        await worker.stop();
      }
    });
  });
});

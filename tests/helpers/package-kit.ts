import crypto from 'crypto';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { binary, ingestPhoto } from './downloads';
import { createClient, makeJpeg } from './fixtures';
import { startStrapiWorker, type StrapiWorker } from './second-process';
import { makeLink } from './share';
import type { BootedStrapi } from './strapi';
import { useProfile } from './shared-boot';

/**
 * What the package files (package-holds, package-failures, package-deliveries) share: the default
 * profile's boot plus a second process on it, a client of the file's own, galleries of fresh photos
 * with a link that may download them, and ordering, waiting for and downloading their packages.
 */
export const PACKAGE = 'plugin::client-gallery.download-package';
export const IMAGE = 'plugin::client-gallery.gallery-image';
export const LINK = 'plugin::client-gallery.share-link';
export const EVENT = 'plugin::client-gallery.activity-event';
export const HOLD = 'plugin::client-gallery.package-file';
const GALLERY = 'plugin::client-gallery.gallery';

export const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

export const download = (base: () => request.Agent | ReturnType<typeof request>, path: string, headers: Record<string, string> = {}) => {
  let req = (base() as ReturnType<typeof request>).get(path);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  return req.buffer(true).parse(binary as any);
};

/** Registers the file's beforeAll and afterAll; the kit's strapi and worker are set once they ran. */
export function packageKit(clientName: string) {
  let booted: BootedStrapi;
  let clientId: string;
  const kit = {
    strapi: undefined as unknown as Core.Strapi,
    worker: undefined as unknown as StrapiWorker,
    http: () => request(booted.baseUrl),
    other: () => request(`http://127.0.0.1:${kit.worker.port}`),
    service: <T = any>(name: string): T => kit.strapi.plugin('client-gallery').service(name) as T,
    pg: () => kit.strapi.db.dialect.client === 'postgres',

    /** A published, ready gallery of fresh photos and a private link that may download them. */
    async galleryOf(name: string, count: number, options: { size?: [number, number]; downloadLimit?: number; title?: string } = {}) {
      const strapi = kit.strapi;
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
    },

    async order(token: string, base = kit.http) {
      const res = await base().post(`/api/share/${token}/packages`).send({ resolution: 'web' });
      expect(res.status).toBe(202);
      return { documentId: res.body.data.id as string, path: new URL(res.body.data.downloadUrl).pathname, statusPath: new URL(res.body.data.statusUrl).pathname };
    },

    async waitFor(documentId: string, wanted: (row: any) => boolean, timeoutMs = 45_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const row = await kit.strapi.db.query(PACKAGE).findOne({ where: { documentId } });
        if (row && wanted(row)) return row;
        if (Date.now() > deadline) throw new Error(`package ${documentId}: ${row?.status} ${row?.failure ?? ''}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },

    /** Where the private-local provider keeps a stored key on disk. */
    async pathOf(key: string): Promise<string | null> {
      const opened = await (kit.strapi.plugin('upload').provider as any).open(key);
      return opened?.absolutePath ?? null;
    },
  };

  beforeAll(async () => {
    booted = await useProfile('default');
    kit.strapi = booted.strapi;
    kit.worker = await startStrapiWorker(booted.env);
    clientId = (await createClient(kit.strapi, clientName)).documentId;
  }, 120_000);

  afterAll(async () => {
    await kit.service('download-package').settled();
    await kit.worker?.stop();
  });

  return kit;
}

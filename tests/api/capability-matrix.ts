import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { galleryImageIds, makeGallery, makeLink, setStatus } from '../helpers/share';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { createAdminInRole } from '../helpers/admin';
import type { ProviderName } from '../helpers/storage';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { signInVersion, signSignInTicket } from '../../src/plugins/client-gallery/server/src/lib/share-crypto';
import { binary, derivativeBytes, inspectZip } from '../helpers/downloads';

/**
 * The standing capability matrix (DESIGN.md: every URL a visitor holds dies with its capability).
 * For each change of a link's state, every kind of URL or credential a visitor already holds is
 * tried again: what the change revokes must be refused, what the visitor is still entitled to
 * must keep working. Each row runs once against this process and once against a second Strapi
 * process on the same database and storage (the URLs carry nothing that lives in one process),
 * with the private local provider and with S3 (where the checked route streams from the bucket):
 * one test file per provider (capability-matrix.test.ts, capability-matrix-s3.test.ts), each in
 * its provider's boot profile.
 */
type Change =
  | 'revoke'
  | 'regenerate'
  | 'password change'
  | 'unpublish'
  | 'expiry'
  | 'status → locked'
  | 'downloads off'
  | 'watermark off'
  | 'downloads unwatermarked on a watermarked link'
  | 'photo removed from the gallery';
type Credential =
  | 'share API'
  | 'unlock cookie'
  | 'thumb URL'
  | 'preview URL'
  | 'single download'
  | 'download manager'
  | 'package URL'
  | 'portal access token'
  | 'sign-in ticket'
  | 'own selection'
  | 'own comments'
  | 'own review';
const CREDENTIALS: Credential[] = [
  'share API',
  'unlock cookie',
  'thumb URL',
  'preview URL',
  'single download',
  'download manager',
  'package URL',
  'portal access token',
  'sign-in ticket',
  'own selection',
  'own comments',
  'own review',
];

/** Status of each credential's probe after the change, in CREDENTIALS order. */
const MATRIX: Array<[Change, number[]]> = [
  // A sign-in ticket (mailed to a locked-out recipient) unlocks the password only: it dies with
  // the link and the password, and the unlock it gives still meets the gallery's own state.
  // The visitor's own proofing state (selection, comment threads, review marks) is read-only in
  // every status, so locking the gallery or switching downloads off keeps it readable.
  //                         share  cookie thumb  preview single manager package portal sign-in select comment review
  ['revoke', /*          */ [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['regenerate', /*      */ [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['expiry', /*          */ [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['password change', /* */ [401, 401, 404, 404, 401, 401, 404, 401, 401, 401, 401, 401]],
  ['unpublish', /*       */ [403, 403, 404, 404, 403, 403, 403, 403, 200, 403, 403, 403]],
  ['status → locked', /* */ [200, 200, 200, 200, 403, 403, 403, 200, 200, 200, 200, 200]],
  ['downloads off', /*   */ [200, 200, 200, 200, 403, 403, 403, 200, 200, 200, 200, 200]],
  ['watermark off', /*   */ [200, 200, 404, 404, 200, 200, 200, 200, 200, 200, 200, 200]],
  // "Downloaded images have watermarks" unchecked: the views keep their (watermarked) URLs, the
  // download routes now deliver the clean photos, and the watermarked zip minted before is made
  // again clean (409 meanwhile). Which bytes each gives is checked below.
  ['downloads unwatermarked on a watermarked link', [200, 200, 200, 200, 200, 200, 409, 200, 200, 200, 200, 200]],
  // The removed photo (the one every photo credential names) is gone from the visitor's view; the
  // package was frozen before and keeps it, and the rest of the gallery stays as it was.
  ['photo removed from the gallery', [200, 200, 404, 404, 404, 200, 200, 200, 200, 200, 404, 200]],
];

/**
 * The "Content Manager write" column: after each change, an editor (Strapi's own Editor role)
 * writes the link back through the Content Manager's admin API, with the fields the change
 * moved (for a change to the gallery, the link widened). Links are not in the Content Manager (404, nothing written), and the row's probes,
 * made after that write, show the change standing. A new row must say what its write is.
 */
const CM_WRITE: Record<Change, { undo: (v: Visitor) => Record<string, unknown>; status: number }> = {
  revoke: { undo: () => ({ revokedAt: null }), status: 404 },
  regenerate: { undo: (v) => ({ tokenHash: v.link.tokenHash }), status: 404 },
  expiry: { undo: () => ({ expiresAt: null }), status: 404 },
  'password change': { undo: (v) => ({ passwordHash: v.link.passwordHash }), status: 404 },
  // The gallery's own state is not the link's: the write widens the link (no limit, downloads on) instead.
  unpublish: { undo: () => ({ downloadsEnabled: true, downloadLimit: null }), status: 404 },
  'status → locked': { undo: () => ({ downloadsEnabled: true, downloadLimit: null }), status: 404 },
  'downloads off': { undo: () => ({ downloadsEnabled: true }), status: 404 },
  'watermark off': { undo: () => ({ watermark: true }), status: 404 },
  'downloads unwatermarked on a watermarked link': { undo: () => ({ downloadsWatermarked: true }), status: 404 },
  // Membership is the gallery's, not the link's: the write widens the link instead, as for unpublish.
  'photo removed from the gallery': { undo: () => ({ downloadsEnabled: true, downloadLimit: null }), status: 404 },
};

let booted: BootedStrapi;
let strapi: Core.Strapi;
let editor: string;
let worker: StrapiWorker;
let workerReady: Promise<StrapiWorker> | undefined;
let fileId: number;
let sequence = 0;

const links = () => strapi.plugin('client-gallery').service('share-link');
const server = (where: 'this process' | 'a second process') => (where === 'this process' ? booted.baseUrl : `http://127.0.0.1:${worker.port}`);

/** A ready, published, password-protected private link, and every credential its visitor holds. */
async function visitorWithEverything() {
  // Visitors are made concurrently: each keeps its own number.
  const n = (sequence += 1);
  const { gallery, images } = await makeGallery(strapi, `Matrix ${n}`, fileId, { status: 'ready', images: 2 });
  const { link, token } = await makeLink(strapi, gallery.documentId, {
    recipientEmail: `matrix-${n}@client.test`,
    password: 'first-password',
    watermark: true,
    downloadsEnabled: true,
    resolutions: ['web'],
  });
  const http = request(booted.baseUrl);
  const unlock = await http.post(`/api/share/${token}/unlock`).send({ password: 'first-password' });
  expect(unlock.status).toBe(200);
  const unlockToken: string = unlock.body.data.unlockToken;
  const cookie = String(unlock.headers['set-cookie']).split(';')[0];
  const listed = await http.get(`/api/share/${token}/images`).set('X-Share-Unlock', unlockToken);
  expect(listed.status).toBe(200);
  // The thumb and preview URLs probed are those of the photo the other credentials name.
  expect(listed.body.data[0].id).toBe(images[0].documentId);
  const pkg = await http.post(`/api/share/${token}/packages`).set('X-Share-Unlock', unlockToken).send({ resolution: 'web' });
  expect(pkg.status).toBe(202);
  await strapi.plugin('client-gallery').service('download-package').settled();
  const shareTokens = strapi.plugin('client-gallery').service('share-tokens');
  const portal = shareTokens.issueAccessToken(link, 3600).token as string;
  // Two tickets as the sign-in mail carries them: each works once, so the probe before the change uses one and the probe after it the other.
  const exp = Math.floor(Date.now() / 1000) + 900;
  const tickets = [1, 2].map(() => signSignInTicket(shareTokens.signingKey(), link.documentId, exp, signInVersion(link)));
  return {
    tickets,
    gallery,
    link,
    token,
    imageId: images[0].documentId as string,
    unlockToken,
    cookie,
    thumbUrl: listed.body.data[0].thumbUrl as string,
    previewUrl: listed.body.data[0].previewUrl as string,
    packagePath: new URL(pkg.body.data.downloadUrl).pathname,
    portal,
  };
}

type Visitor = Awaited<ReturnType<typeof visitorWithEverything>>;

async function probe(base: string, v: Visitor, credential: Credential): Promise<number> {
  const http = request(base);
  switch (credential) {
    case 'share API':
      return (await http.get(`/api/share/${v.token}`).set('X-Share-Unlock', v.unlockToken)).status;
    case 'unlock cookie':
      return (await http.get(`/api/share/${v.token}/images`).set('Cookie', v.cookie)).status;
    case 'thumb URL':
      return (await http.get(v.thumbUrl)).status;
    case 'preview URL':
      return (await http.get(v.previewUrl)).status;
    case 'single download':
      return (await http.get(`/api/share/${v.token}/images/${v.imageId}/download?resolution=web`).set('X-Share-Unlock', v.unlockToken)).status;
    case 'download manager':
      return (await http.get(`/api/share/${v.token}/downloads`).set('X-Share-Unlock', v.unlockToken)).status;
    case 'package URL':
      return (await http.get(v.packagePath)).status;
    case 'portal access token':
      return (await http.get(`/api/share/${v.portal}`).set('X-Share-Unlock', v.unlockToken)).status;
    case 'sign-in ticket':
      return (await http.post(`/api/share/${v.token}/sign-in`).send({ ticket: v.tickets.shift() })).status;
    case 'own selection':
      return (await http.get(`/api/share/${v.token}/selection`).set('X-Share-Unlock', v.unlockToken)).status;
    case 'own comments':
      return (await http.get(`/api/share/${v.token}/images/${v.imageId}/comments`).set('X-Share-Unlock', v.unlockToken)).status;
    case 'own review':
      return (await http.get(`/api/share/${v.token}/review`).set('X-Share-Unlock', v.unlockToken)).status;
  }
}

/** Makes the change the way the studio (or time) does; returns the visitor's credentials after it, for the "still entitled" check. */
async function apply(change: Change, v: Visitor) {
  switch (change) {
    case 'revoke':
      await links().revoke(v.link.documentId);
      break;
    case 'regenerate':
      return { newToken: (await links().regenerate(v.link.documentId)).token as string };
    case 'expiry':
      await strapi.db.query('plugin::client-gallery.share-link').update({ where: { id: v.link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      break;
    case 'password change':
      await links().updateSettings(v.link.documentId, { password: 'second-password' });
      return { newPassword: 'second-password' };
    case 'unpublish':
      await strapi.documents('plugin::client-gallery.gallery').unpublish({ documentId: v.gallery.documentId });
      break;
    case 'status → locked':
      await setStatus(strapi, v.gallery.documentId, 'locked');
      break;
    case 'downloads off':
      await links().updateSettings(v.link.documentId, { downloadsEnabled: false });
      break;
    case 'watermark off':
      await links().updateSettings(v.link.documentId, { watermark: false });
      break;
    case 'downloads unwatermarked on a watermarked link':
      await links().updateSettings(v.link.documentId, { downloadsWatermarked: false });
      break;
    case 'photo removed from the gallery':
      await strapi.plugin('client-gallery').service('gallery-curation').removePhotos(v.gallery.documentId, [v.imageId], ['upload']);
      break;
  }
  return {};
}

/**
 * After "Downloaded images have watermarks" was unchecked on a watermarked link: the clean variant
 * only through the download routes (a single download, the package made again), and the
 * watermarked one through every view URL, those minted before and those listed now.
 */
async function expectCleanDownloadsOnly(http: ReturnType<typeof request>, v: Visitor) {
  const design = await strapi.plugin('client-gallery').service('watermark').studioDefault();
  const variant = async (name: string, watermark: unknown) => derivativeBytes(strapi, v.imageId, name, { watermark });
  const bytes = (req: request.Test) => req.buffer(true).parse(binary as any);
  const single = await bytes(http.get(`/api/share/${v.token}/images/${v.imageId}/download?resolution=web`).set('X-Share-Unlock', v.unlockToken));
  expect(single.body.equals(await variant('web', null))).toBe(true);
  const listed = await http.get(`/api/share/${v.token}/images`).set('X-Share-Unlock', v.unlockToken);
  expect(listed.body.data[0].watermarked).toBe(true);
  for (const [url, name] of [
    [v.thumbUrl, 'thumb'],
    [v.previewUrl, 'preview'],
    [listed.body.data[0].thumbUrl, 'thumb'],
    [listed.body.data[0].previewUrl, 'preview'],
  ]) {
    const view = await bytes(http.get(url));
    expect([name, view.status, view.body.equals(await variant(name, design))]).toEqual([name, 200, true]);
  }
  // The probe above started the package's new preparation, on whichever process it reached.
  let zip = await bytes(http.get(v.packagePath));
  for (let tries = 0; zip.status === 409 && tries < 100; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    zip = await bytes(http.get(v.packagePath));
  }
  expect(zip.status).toBe(200);
  const entries = inspectZip(zip.body);
  try {
    const photos = await Promise.all((await galleryImageIds(strapi, v.gallery.documentId)).map((id: string) => derivativeBytes(strapi, id, 'web', { watermark: null })));
    expect(entries.names).toHaveLength(photos.length);
    for (const name of entries.names) expect(photos.some((photo) => photo.equals(entries.read(name)))).toBe(true);
  } finally {
    entries.cleanup();
  }
}

/** The matrix on one storage provider: each provider's test file calls it once. */
export const capabilityMatrix = (provider: ProviderName) =>
  describe(`capability matrix (${provider} provider)`, () => {
  beforeAll(async () => {
    booted = await useProfile(provider === 's3' ? 's3' : 'default');
    strapi = booted.strapi;
    fileId = (await uploadFile(strapi, await makeJpeg(41, 640, 480), 'matrix.jpg')).id;
    editor = (await createAdminInRole(strapi, 'strapi-editor', 'matrix editor')).token;
    // The second process boots while this process's rows run; its own rows wait for it.
    workerReady = startStrapiWorker(booted.env).then((started) => (worker = started));
  });

  afterAll(async () => {
    await (await workerReady)?.stop();
  });

  describe.each(['this process', 'a second process'] as const)('probed on %s', (where) => {
    /**
     * Every row's visitor is made, probed and changed first, all at once, each on a gallery and
     * link of its own; then one wait covers them all. The /media route may reuse a capability
     * answer for up to a second (documented), so each row is probed at least 1.1 s after its
     * change, as before, but the rows no longer wait one after another.
     */
    const rows = new Map<Change, { visitor: Visitor; before: Array<[Credential, number]>; fresh: Awaited<ReturnType<typeof apply>>; cmWrite: number }>();
    beforeAll(async () => {
      if (where === 'a second process') await workerReady;
      await Promise.all(
        MATRIX.map(async ([change]) => {
          const visitor = await visitorWithEverything();
          const before: Array<[Credential, number]> = [];
          for (const credential of CREDENTIALS) before.push([credential, await probe(server(where), visitor, credential)]);
          const fresh = await apply(change, visitor);
          const cmWrite = await request(booted.baseUrl)
            .put(`/content-manager/collection-types/plugin::client-gallery.share-link/${visitor.link.documentId}`)
            .set('Authorization', `Bearer ${editor}`)
            .send(CM_WRITE[change].undo(visitor));
          rows.set(change, { visitor, before, fresh, cmWrite: cmWrite.status });
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 1100));
    });

    it.each(MATRIX)('after %s, what was minted before answers as its capability now allows', async (change, expected) => {
      const { visitor, before, fresh, cmWrite } = rows.get(change)!;
      for (const [credential, status] of before) expect([credential, status]).toEqual([credential, 200]);
      expect(['Content Manager write', cmWrite]).toEqual(['Content Manager write', CM_WRITE[change].status]);

      const actual: Record<string, number> = {};
      for (const credential of CREDENTIALS) actual[credential] = await probe(server(where), visitor, credential);
      expect(actual).toEqual(Object.fromEntries(CREDENTIALS.map((credential, i) => [credential, expected[i]])));

      // What the visitor is still entitled to, they get anew: the new token, the new password, clean previews.
      const http = request(server(where));
      if (fresh.newToken) {
        const unlock = await http.post(`/api/share/${fresh.newToken}/unlock`).send({ password: 'first-password' });
        const listed = await http.get(`/api/share/${fresh.newToken}/images`).set('X-Share-Unlock', unlock.body.data.unlockToken);
        expect(listed.status).toBe(200);
        expect((await http.get(listed.body.data[0].thumbUrl)).status).toBe(200);
      }
      if (fresh.newPassword) {
        expect((await http.post(`/api/share/${visitor.token}/unlock`).send({ password: 'first-password' })).status).toBe(401);
        const unlock = await http.post(`/api/share/${visitor.token}/unlock`).send({ password: fresh.newPassword });
        const listed = await http.get(`/api/share/${visitor.token}/images`).set('X-Share-Unlock', unlock.body.data.unlockToken);
        expect((await http.get(listed.body.data[0].previewUrl)).status).toBe(200);
      }
      if (change === 'downloads unwatermarked on a watermarked link') await expectCleanDownloadsOnly(http, visitor);
      if (change === 'watermark off') {
        const listed = await http.get(`/api/share/${visitor.token}/images`).set('X-Share-Unlock', visitor.unlockToken);
        expect(listed.body.data[0].watermarked).toBe(false);
        expect((await http.get(listed.body.data[0].thumbUrl)).status).toBe(200);
      }
    });
  });

  it('serves the studio logo to anyone, from either process, only while it is the current logo', async () => {
    const logos = strapi.plugin('client-gallery').service('brand-logo');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-matrix-logo-'));
    const upload = async (seed: number) => {
      const filepath = path.join(dir, `logo-${seed}.png`);
      fs.writeFileSync(filepath, await makeJpeg(seed, 200, 100));
      return new URL((await logos.replace({ filepath, size: fs.statSync(filepath).size })).logoUrl).pathname;
    };
    try {
      const first = await upload(51);
      await workerReady;
      // Another process may hold the settings it read just before the upload for up to 1 s.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const servers = [booted.baseUrl, server('a second process')];
      for (const base of servers) expect([base, (await request(base).get(first)).status]).toEqual([base, 200]);
      const second = await upload(52);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      for (const base of servers) {
        expect([base, (await request(base).get(first)).status, (await request(base).get(second)).status]).toEqual([base, 404, 200]);
      }
      await logos.remove();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      for (const base of servers) expect([base, (await request(base).get(second)).status]).toEqual([base, 404]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await logos.remove();
    }
  });

  it('answers every refused media URL with the same bare 404', async () => {
    const visitor = await visitorWithEverything();
    await links().revoke(visitor.link.documentId);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const http = request(booted.baseUrl);
    const revoked = await http.get(visitor.thumbUrl);
    const tampered = await http.get(visitor.thumbUrl.replace(/sig=./, (m) => (m.endsWith('A') ? 'sig=B' : 'sig=A')));
    const unknown = await http.get('/media/derivatives/nothing/here.jpg?exp=9999999999&cap=abcdefghij.AAAAAAAAAAAAAAAA&sig=' + 'A'.repeat(43));
    expect([revoked.status, tampered.status, unknown.status]).toEqual([404, 404, 404]);
    expect(new Set([revoked.text, tampered.text, unknown.text]).size).toBe(1);
  });

  it('gives the same URL for the same photo within a window, so a revisit is a cache hit', async () => {
    const visitor = await visitorWithEverything();
    const http = request(booted.baseUrl);
    const again = await http.get(`/api/share/${visitor.token}/images`).set('X-Share-Unlock', visitor.unlockToken);
    // Both lists were made within seconds: unless a 5-minute boundary fell between them, the URLs match.
    const expiry = Number(new URL(visitor.thumbUrl, 'http://x').searchParams.get('exp'));
    if (Number(new URL(again.body.data[0].thumbUrl, 'http://x').searchParams.get('exp')) === expiry) {
      expect(again.body.data[0].thumbUrl).toBe(visitor.thumbUrl);
    }
    expect(Date.parse(again.body.data[0].expiresAt)).toBe(Number(new URL(again.body.data[0].thumbUrl, 'http://x').searchParams.get('exp')) * 1000);
  });

  it('answers HEAD on a media URL like GET, without the body', async () => {
    const visitor = await visitorWithEverything();
    const http = request(booted.baseUrl);
    const get = await http.get(visitor.thumbUrl);
    const head = await http.head(visitor.thumbUrl);
    expect([head.status, head.headers['content-type'], head.headers['content-length']]).toEqual([200, get.headers['content-type'], get.headers['content-length']]);
  });

  it('counts nothing and builds nothing for a HEAD on a download or a package, and answers it as GET would', async () => {
    const visitor = await visitorWithEverything();
    const http = request(booted.baseUrl);
    const grants = () => strapi.db.query('plugin::client-gallery.download-grant').count({ where: { link: { id: visitor.link.id } } });
    const activity = () => strapi.db.query('plugin::client-gallery.activity-event').count({ where: { link: { id: visitor.link.id } } });
    const before = [await grants(), await activity()];
    const other = (await galleryImageIds(strapi, visitor.gallery.documentId)).find((id: string) => id !== visitor.imageId)!;
    const head = await http.head(`/api/share/${visitor.token}/images/${other}/download?resolution=web`).set('X-Share-Unlock', visitor.unlockToken);
    expect([head.status, head.headers['content-type'], head.headers['content-disposition']]).toEqual([200, 'image/jpeg', expect.stringContaining('attachment')]);
    const zipHead = await http.head(visitor.packagePath);
    expect([zipHead.status, zipHead.headers['content-type']]).toEqual([200, 'application/zip']);
    await strapi.plugin('client-gallery').service('download-package').settled();
    expect([await grants(), await activity()]).toEqual(before);
    // A HEAD is refused exactly as a GET would be.
    expect((await http.head(`/api/share/${visitor.token}/images/${other}/download?resolution=original`).set('X-Share-Unlock', visitor.unlockToken)).status).toBe(403);
  });
});

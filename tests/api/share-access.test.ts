import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { BootedStrapi } from '../helpers/strapi';
import { useProfile } from '../helpers/shared-boot';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink, setStatus, stringsIn } from '../helpers/share';
import { fetchUrl, isSignedUrl } from '../helpers/http';
import { derivativeBytes } from '../helpers/downloads';

/**
 * The public share API's access rules (DESIGN.md "Access rules"), as one table: every public
 * route against every kind of token and gallery state, with the exact status each must answer.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
const http = () => request(strapi.server.httpServer);

type Galleries = Record<'proofing' | 'locked' | 'ready' | 'archived' | 'unpublished' | 'other', Awaited<ReturnType<typeof makeGallery>>>;
let g: Galleries;
const tokens: Record<string, string> = {};
const links: Record<string, any> = {};
let unlockToken: string;
let storageKeys: string[];
const PASSWORD = 'open-sesame';
const RECIPIENTS = ['alice@client.test', 'bob@client.test', 'carol@client.test', 'dave@client.test', 'erin@client.test', 'frank@client.test', 'gina@client.test', 'hugo@client.test', 'ivy@client.test'];
const seenResponses: request.Response[] = [];

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  const file = await uploadFile(strapi, await makeJpeg(7), 'share.jpg');
  const stored = await strapi.db.query('plugin::upload.file').findOne({ where: { id: file.id } });
  storageKeys = [stored.hash, stored.url].filter(Boolean);

  g = {
    proofing: await makeGallery(strapi, 'Paula Proofing', file.id, { status: 'proofing', images: 5 }),
    locked: await makeGallery(strapi, 'Larry Locked', file.id, { status: 'locked' }),
    ready: await makeGallery(strapi, 'Rita Ready', file.id, { status: 'ready' }),
    archived: await makeGallery(strapi, 'Arno Archived', file.id, { status: 'archived' }),
    unpublished: await makeGallery(strapi, 'Uma Unpublished', file.id, { publish: false }),
    other: await makeGallery(strapi, 'Otto Other', file.id),
  };
  const make = async (name: string, galleryKey: keyof Galleries, input: Record<string, unknown>) => {
    const made = await makeLink(strapi, g[galleryKey].gallery.documentId, input);
    tokens[name] = made.token;
    links[name] = made.link;
  };
  await make('proofing', 'proofing', { recipientEmail: RECIPIENTS[0], watermark: false });
  await make('password', 'proofing', { recipientEmail: RECIPIENTS[1], password: PASSWORD });
  await make('revoked', 'proofing', { recipientEmail: RECIPIENTS[2] });
  await make('expired', 'proofing', { recipientEmail: RECIPIENTS[3], expiresAt: '2020-01-01T00:00:00.000Z' });
  await make('locked', 'locked', { recipientEmail: RECIPIENTS[4] });
  await make('ready', 'ready', { recipientEmail: RECIPIENTS[5], downloadsEnabled: true });
  await make('archived', 'archived', { recipientEmail: RECIPIENTS[6] });
  await make('unpublished', 'unpublished', { recipientEmail: RECIPIENTS[7] });
  await make('general', 'proofing', { kind: 'general' });
  await make('generalLocked', 'locked', { kind: 'general' });
  await make('other', 'other', { recipientEmail: RECIPIENTS[8] });
  await strapi.plugin('client-gallery').service('share-link').revoke(links.revoked.documentId);

  const unlocked = await http().post(`/api/share/${tokens.password}/unlock`).send({ password: PASSWORD });
  expect(unlocked.status).toBe(200);
  unlockToken = unlocked.body.data.unlockToken;
});


type Expect = number | [number, string];
interface Row {
  case: string;
  token: () => string;
  headers?: () => Record<string, string>;
  image?: () => string;
  password?: string;
  expect: { view: Expect; images: Expect; favourite: Expect; unfavourite: Expect; claim: Expect; unlock: Expect };
}

const all = (status: Expect) => ({ view: status, images: status, favourite: status, unfavourite: status, claim: status, unlock: status });
const NOT_FOUND: Expect = [404, 'NotFoundError'];
const PW: Expect = [401, 'PasswordRequiredError'];
const UNAVAILABLE: Expect = [403, 'GalleryUnavailableError'];
const NOT_ALLOWED: Expect = [403, 'ActionNotAllowedError'];
const CLAIM_REQUIRED: Expect = [403, 'ClaimRequiredError'];
const NOT_GENERAL: Expect = [409, 'ConflictError'];
const ownImage = (key: keyof Galleries) => () => g[key].images[0].documentId;
let claimSequence = 0;

const MATRIX: Row[] = [
  { case: 'unknown token', token: () => 'A'.repeat(43), expect: all(NOT_FOUND) },
  { case: 'malformed token', token: () => 'not-a-token', expect: all(NOT_FOUND) },
  { case: 'revoked link', token: () => tokens.revoked, expect: all(NOT_FOUND) },
  { case: 'expired link', token: () => tokens.expired, expect: all(NOT_FOUND) },
  {
    case: 'password link, not unlocked (and a wrong password)',
    token: () => tokens.password,
    password: 'wrong-password',
    expect: { view: PW, images: PW, favourite: PW, unfavourite: PW, claim: PW, unlock: [401, 'WrongPasswordError'] },
  },
  {
    case: 'password link, forged unlock token',
    token: () => tokens.password,
    headers: () => ({ 'X-Share-Unlock': `su2.${links.password.documentId}.9999999999.${'x'.repeat(43)}` }),
    password: PASSWORD,
    expect: { view: PW, images: PW, favourite: PW, unfavourite: PW, claim: PW, unlock: 200 },
  },
  {
    case: 'password link, unlocked (bearer)',
    token: () => tokens.password,
    headers: () => ({ Authorization: `Bearer ${unlockToken}` }),
    password: PASSWORD,
    expect: { view: 200, images: 200, favourite: 200, unfavourite: 200, claim: NOT_GENERAL, unlock: 200 },
  },
  {
    case: 'password link, unlocked (cookie)',
    token: () => tokens.password,
    headers: () => ({ Cookie: `cg_unlock_${links.password.documentId}=${unlockToken}` }),
    password: PASSWORD,
    expect: { view: 200, images: 200, favourite: 200, unfavourite: 200, claim: NOT_GENERAL, unlock: 200 },
  },
  {
    case: 'image of another gallery',
    token: () => tokens.proofing,
    image: ownImage('other'),
    expect: { view: 200, images: 200, favourite: NOT_FOUND, unfavourite: NOT_FOUND, claim: NOT_GENERAL, unlock: 200 },
  },
  { case: 'unpublished gallery', token: () => tokens.unpublished, expect: { ...all(UNAVAILABLE), unlock: 200 } },
  { case: 'status proofing', token: () => tokens.proofing, expect: { view: 200, images: 200, favourite: 200, unfavourite: 200, claim: NOT_GENERAL, unlock: 200 } },
  { case: 'status locked', token: () => tokens.locked, image: ownImage('locked'), expect: { view: 200, images: 200, favourite: NOT_ALLOWED, unfavourite: NOT_ALLOWED, claim: NOT_GENERAL, unlock: 200 } },
  { case: 'status ready', token: () => tokens.ready, image: ownImage('ready'), expect: { view: 200, images: 200, favourite: NOT_ALLOWED, unfavourite: NOT_ALLOWED, claim: NOT_GENERAL, unlock: 200 } },
  { case: 'status archived', token: () => tokens.archived, image: ownImage('archived'), expect: { view: 200, images: 200, favourite: NOT_ALLOWED, unfavourite: NOT_ALLOWED, claim: NOT_GENERAL, unlock: 200 } },
  { case: 'general link, proofing', token: () => tokens.general, expect: { view: 200, images: 200, favourite: CLAIM_REQUIRED, unfavourite: CLAIM_REQUIRED, claim: 201, unlock: 200 } },
  {
    case: 'general link, locked',
    token: () => tokens.generalLocked,
    image: ownImage('locked'),
    expect: { view: 200, images: 200, favourite: NOT_ALLOWED, unfavourite: NOT_ALLOWED, claim: 201, unlock: 200 },
  },
  {
    case: 'signed access token (portal/claim) of a live link',
    token: () => strapi.plugin('client-gallery').service('share-tokens').issueAccessToken(links.proofing, 600).token,
    expect: { view: 200, images: 200, favourite: 200, unfavourite: 200, claim: NOT_GENERAL, unlock: 200 },
  },
  { case: 'signed access token of a revoked link', token: () => strapi.plugin('client-gallery').service('share-tokens').issueAccessToken(links.revoked, 600).token, expect: all(NOT_FOUND) },
  {
    case: 'signed access token with a forged link id',
    token: () => strapi.plugin('client-gallery').service('share-tokens').issueAccessToken(links.proofing, 600).token.replace(`sa2.${links.proofing.documentId}.`, `sa2.${links.other.documentId}.`),
    expect: all(NOT_FOUND),
  },
];

async function send(row: Row, route: keyof Row['expect']) {
  const token = encodeURIComponent(row.token());
  const image = (row.image ?? ownImage('proofing'))();
  const headers = row.headers?.() ?? {};
  const withHeaders = (req: request.Test) => {
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req;
  };
  switch (route) {
    case 'view':
      return withHeaders(http().get(`/api/share/${token}`));
    case 'images':
      return withHeaders(http().get(`/api/share/${token}/images`));
    case 'favourite':
      return withHeaders(http().put(`/api/share/${token}/favourites/${image}`));
    case 'unfavourite':
      return withHeaders(http().delete(`/api/share/${token}/favourites/${image}`));
    case 'claim':
      claimSequence += 1;
      return withHeaders(http().post(`/api/share/${token}/claim`)).send({ email: `claimer-${claimSequence}@visitor.test` });
    case 'unlock':
      return withHeaders(http().post(`/api/share/${token}/unlock`)).send({ password: row.password ?? 'any-password' });
  }
}

describe('share-access', () => {
  describe('access matrix: every public route × every token and gallery state', () => {
    const routes: Array<keyof Row['expect']> = ['view', 'images', 'favourite', 'unfavourite', 'claim', 'unlock'];
    it.each(MATRIX.map((row) => [row.case, row] as const))('%s', async (_name, row) => {
      const actual: Record<string, Expect> = {};
      const expected: Record<string, Expect> = {};
      for (const route of routes) {
        const res = await send(row, route);
        seenResponses.push(res);
        const want = row.expect[route];
        expected[route] = want;
        actual[route] = Array.isArray(want) ? [res.status, res.body?.error?.name] : res.status;
      }
      expect(actual).toEqual(expected);
    });

    it('answers unknown, revoked, expired and another gallery\'s image with the very same 404 body', async () => {
      const bodies = [
        (await http().get(`/api/share/${'B'.repeat(43)}`)).body,
        (await http().get(`/api/share/${tokens.revoked}`)).body,
        (await http().get(`/api/share/${tokens.expired}`)).body,
        (await http().put(`/api/share/${tokens.proofing}/favourites/${g.other.images[0].documentId}`)).body,
      ];
      for (const body of bodies) expect(body).toEqual(bodies[0]);
    });

    it('never answers with an email, a hash, a storage key, a private field or an unsigned URL', async () => {
      expect(seenResponses.length).toBeGreaterThan(MATRIX.length * 5);
      const everything = seenResponses.map((res) => JSON.stringify({ body: res.body, headers: res.headers }));
      for (const text of everything) {
        for (const email of RECIPIENTS) expect(text).not.toContain(email);
        expect(text).not.toMatch(/@visitor\.test/);
        expect(text).not.toMatch(/\b[0-9a-f]{64}\b/); // a SHA-256 (token hash)
        expect(text).not.toMatch(/scrypt\$/);
        expect(text).not.toMatch(/"(tokenHash|passwordHash|recipientKey|pairKey|provider_metadata|hash|formats)"/);
        for (const key of storageKeys) expect(text).not.toContain(key);
      }
      const urls = seenResponses.flatMap((res) => stringsIn(res.body)).filter((s) => /^(https?:|\/)/.test(s) && !s.startsWith('/api/share/') && !s.startsWith('POST '));
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(isSignedUrl(url)).toBe(true);
    });
  });

  describe('GET /api/share/:token', () => {
    it('shows title, status, welcome note, deadline, cover and what the link may do', async () => {
      const res = await http().get(`/api/share/${tokens.ready}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        title: 'Rita Ready gallery',
        status: 'ready',
        welcomeNote: 'Welcome, Rita Ready!',
        deadline: '2099-07-15',
        cover: { thumbUrl: expect.stringMatching(/^\/media\/derivatives\//), watermarked: true },
        link: {
          kind: 'private',
          can: { view: true, favourite: false, download: true, claim: false },
          settings: { watermark: true, downloadsEnabled: true, resolutions: ['web'], passwordProtected: false },
          downloads: { limit: null, used: 0, remaining: null },
        },
      });
    });
  });

  describe('GET /api/share/:token/images', () => {
    it('pages newest first with keyset cursors and only this gallery\'s images', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: request.Response = await http()
          .get(`/api/share/${tokens.proofing}/images`)
          .query({ limit: 2, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((image: { id: string }) => image.id));
        cursor = res.body.meta.nextCursor;
      } while (cursor);
      expect(seen).toEqual(g.proofing.images.map((image) => image.documentId));
    });

    it('filters by label and by favourites, and flags favourites', async () => {
      const [first, second] = g.proofing.images;
      await http().put(`/api/share/${tokens.proofing}/favourites/${second.documentId}`).expect(200);
      const odd = await http().get(`/api/share/${tokens.proofing}/images?label=odd`);
      expect(odd.body.data.map((i: { id: string }) => i.id)).toEqual([g.proofing.images[1].documentId, g.proofing.images[3].documentId]);
      const favourites = await http().get(`/api/share/${tokens.proofing}/images?favourites=true`);
      expect(favourites.body.data).toEqual([expect.objectContaining({ id: second.documentId, favourite: true, downloaded: false })]);
      const full = await http().get(`/api/share/${tokens.proofing}/images`);
      expect(full.body.data.find((i: { id: string }) => i.id === first.documentId).favourite).toBe(false);
      // Another link's favourites are its own.
      const other = await http().get(`/api/share/${tokens.password}/images?favourites=true`).set('X-Share-Unlock', unlockToken);
      expect(other.body.data).toEqual([]);
    });

    it('refuses a forged cursor or a bad limit with 400', async () => {
      for (const query of ['cursor=garbage!', 'limit=0', 'limit=500', 'unknown=1']) {
        expect((await http().get(`/api/share/${tokens.proofing}/images?${query}`)).status).toBe(400);
      }
    });
  });

  describe('watermark', () => {
    /** Fetch every URL a response handed out and compare the bytes with the derivative they must be. */
    async function expectServed(urls: Array<{ url: string; imageId: string; variant: 'thumb' | 'preview' }>, watermark: unknown) {
      expect(urls.length).toBeGreaterThan(0);
      for (const { url, imageId, variant } of urls) {
        expect(isSignedUrl(url)).toBe(true);
        const served = await fetchUrl(strapi, url);
        expect(served.status).toBe(200);
        expect(served.body.equals(await derivativeBytes(strapi, imageId, variant, { watermark }))).toBe(true);
      }
    }

    it('serves a watermarked link only watermarked pixels, on every route that returns URLs', async () => {
      const design = await strapi.plugin('client-gallery').service('watermark').studioDefault();
      const view = await http().get(`/api/share/${tokens.ready}`);
      const images = await http().get(`/api/share/${tokens.ready}/images`);
      const handedOut = [
        { url: view.body.data.cover.thumbUrl, imageId: g.ready.images[0].documentId, variant: 'thumb' as const },
        { url: view.body.data.cover.previewUrl, imageId: g.ready.images[0].documentId, variant: 'preview' as const },
        ...images.body.data.flatMap((image: any) => [
          { url: image.thumbUrl, imageId: image.id, variant: 'thumb' as const },
          { url: image.previewUrl, imageId: image.id, variant: 'preview' as const },
        ]),
      ];
      await expectServed(handedOut, design);
      for (const image of images.body.data) expect(image.watermarked).toBe(true);
      // And those bytes really differ from the clean variant.
      const clean = await derivativeBytes(strapi, images.body.data[0].id, 'thumb', { watermark: null });
      expect((await fetchUrl(strapi, images.body.data[0].thumbUrl)).body.equals(clean)).toBe(false);
    });

    it('serves an unwatermarked link the clean variants', async () => {
      const images = await http().get(`/api/share/${tokens.proofing}/images`);
      for (const image of images.body.data) expect(image.watermarked).toBe(false);
      await expectServed(images.body.data.slice(0, 2).map((image: any) => ({ url: image.thumbUrl, imageId: image.id, variant: 'thumb' as const })), null);
    });
  });

  describe('changes take effect on the next request', () => {
    it('follows settings, status and revocation without caching', async () => {
      const links_ = strapi.plugin('client-gallery').service('share-link');
      const [image] = (await http().get(`/api/share/${tokens.other}/images`)).body.data;
      expect(image.watermarked).toBe(true);
      await links_.updateSettings(links.other.documentId, { watermark: false });
      expect((await http().get(`/api/share/${tokens.other}/images`)).body.data[0].watermarked).toBe(false);

      expect((await http().put(`/api/share/${tokens.other}/favourites/${image.id}`)).status).toBe(200);
      await setStatus(strapi, g.other.gallery.documentId, 'locked');
      expect((await http().put(`/api/share/${tokens.other}/favourites/${image.id}`)).status).toBe(403);
      const view = await http().get(`/api/share/${tokens.other}`);
      expect(view.body.data).toMatchObject({ status: 'locked', link: { can: { favourite: false } } });

      await strapi.documents('plugin::client-gallery.gallery').unpublish({ documentId: g.other.gallery.documentId });
      expect((await http().get(`/api/share/${tokens.other}`)).status).toBe(403);
      await strapi.documents('plugin::client-gallery.gallery').publish({ documentId: g.other.gallery.documentId });
      expect((await http().get(`/api/share/${tokens.other}`)).status).toBe(200);

      await links_.revoke(links.other.documentId);
      expect((await http().get(`/api/share/${tokens.other}`)).status).toBe(404);
      expect((await http().get(`/api/share/${tokens.other}/images`)).status).toBe(404);
    });

    it('logs everyone out when the password changes', async () => {
      const before = await http().get(`/api/share/${tokens.password}`).set('X-Share-Unlock', unlockToken);
      expect(before.status).toBe(200);
      await strapi.plugin('client-gallery').service('share-link').updateSettings(links.password.documentId, { password: 'a-new-password' });
      const after = await http().get(`/api/share/${tokens.password}`).set('X-Share-Unlock', unlockToken);
      expect(after.status).toBe(401);
    });
  });
});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink, setStatus } from '../helpers/share';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import type { TestSmtp } from '../helpers/smtp';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import type { ProfileBoot } from '../helpers/profiles';
import { useProfile } from '../helpers/shared-boot';

/**
 * Proofing comments: GET/POST /api/share/:token/images/:imageId/comments and
 * /api/share/:token/comments, the studio's replies from the admin, and the studio's digest mail.
 */
const COMMENTS = 'plugin::client-gallery.comment';
let booted: ProfileBoot;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let fileId: number;
let sequence = 0;
let studio: string;
let viewer: string;

const http = () => request(booted.baseUrl);
const commentService = () => strapi.plugin('client-gallery').service('comment');

async function commentLink(options: { status?: 'proofing' | 'locked' | 'ready' | 'archived'; commentsAllowed?: boolean; kind?: 'private' | 'general' } = {}) {
  sequence += 1;
  const { client, gallery, images } = await makeGallery(strapi, `Comments ${sequence}`, fileId, {
    images: 2,
    status: options.status,
    extra: { commentsAllowed: options.commentsAllowed ?? true },
  });
  const kind = options.kind ?? 'private';
  const { link, token } = await makeLink(
    strapi,
    gallery.documentId,
    kind === 'private' ? { recipientEmail: `com-${sequence}@client.test`, recipientName: `Commenter ${sequence}` } : { kind },
  );
  return { client, gallery, link, token, ids: images.map((image: any) => image.documentId as string) };
}

const countFor = (linkId: number) => strapi.db.query(COMMENTS).count({ where: { link: { id: linkId } } });

beforeAll(async () => {
  // Cron off: the digest is driven by the test, with its own clock.
  booted = await useProfile('smtp');
  smtp = booted.smtp!;
  strapi = booted.strapi;
  fileId = (await uploadFile(strapi, await makeJpeg(23), 'comments.jpg')).id;
  studio = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'comment studio')).token;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'comment viewer')).token;
});


describe('comments', () => {
  describe('refusals', () => {
    it('answers an unknown token with the same 404', async () => {
      const bad = 'n'.repeat(43);
      expect((await http().get(`/api/share/${bad}/comments`)).status).toBe(404);
      expect((await http().post(`/api/share/${bad}/comments`).send({ body: 'hi' })).status).toBe(404);
      expect((await http().post(`/api/share/${bad}/images/abc/comments`).send({ body: 'hi' })).status).toBe(404);
    });

    it('refuses to post while the gallery does not allow comments, and stores nothing', async () => {
      const { link, token, ids } = await commentLink({ commentsAllowed: false });
      for (const path of [`/api/share/${token}/comments`, `/api/share/${token}/images/${ids[0]}/comments`]) {
        const res = await http().post(path).send({ body: 'Can we crop this?' });
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({
          name: 'ActionNotAllowedError',
          details: { action: 'comment', reason: 'comments are not enabled for this gallery' },
        });
      }
      expect(await countFor(link.id)).toBe(0);
    });

    it.each(['locked', 'ready', 'archived'] as const)('refuses to post outside proofing (%s), yet shows the thread read-only', async (status) => {
      const { link, token, ids, gallery } = await commentLink();
      expect((await http().post(`/api/share/${token}/images/${ids[0]}/comments`).send({ body: 'Before the lock' })).status).toBe(201);
      await setStatus(strapi, gallery.documentId, status);
      expect((await http().post(`/api/share/${token}/images/${ids[0]}/comments`).send({ body: 'After the lock' })).status).toBe(403);
      const thread = await http().get(`/api/share/${token}/images/${ids[0]}/comments`);
      expect(thread.status).toBe(200);
      expect(thread.body.data).toMatchObject({ open: false, comments: [{ body: 'Before the lock', author: 'client' }] });
      expect(await countFor(link.id)).toBe(1);
    });

    it('asks a general link to claim first', async () => {
      const { token } = await commentLink({ kind: 'general' });
      expect((await http().post(`/api/share/${token}/comments`).send({ body: 'hello' })).body.error).toMatchObject({ status: 403, name: 'ClaimRequiredError' });
      expect((await http().get(`/api/share/${token}/comments`)).body.error).toMatchObject({ status: 403, name: 'ClaimRequiredError' });
    });

    it.each([
      ['an empty body', { body: '' }],
      ['only spaces', { body: '   \n ' }],
      ['a body past 2000 characters', { body: 'x'.repeat(2001) }],
      ['no body', {}],
      ['a body that is not text', { body: 42 }],
      ['control characters', { body: 'bell \u0007' }],
      ['unknown fields', { body: 'hi', author: 'studio' }],
    ])('answers %s with 400 and stores nothing', async (_label, payload) => {
      const { link, token, ids } = await commentLink();
      const res = await http().post(`/api/share/${token}/images/${ids[0]}/comments`).send(payload);
      expect(res.status).toBe(400);
      expect(await countFor(link.id)).toBe(0);
    });

    it('answers a photo of another gallery with 404', async () => {
      const mine = await commentLink();
      const other = await commentLink();
      expect((await http().post(`/api/share/${mine.token}/images/${other.ids[0]}/comments`).send({ body: 'hi' })).status).toBe(404);
      expect((await http().get(`/api/share/${mine.token}/images/${other.ids[0]}/comments`)).status).toBe(404);
    });

    it("lets only an admin with Modify reply, to a photo of the link's gallery", async () => {
      const mine = await commentLink();
      const other = await commentLink();
      const reply = (bearer: string, body: object) =>
        http().post(`/client-gallery/links/${mine.link.documentId}/comments`).set('Authorization', `Bearer ${bearer}`).send(body);
      expect((await reply(viewer, { body: 'Thanks!' })).status).toBe(403);
      expect((await reply(studio, { body: '' })).status).toBe(400);
      expect((await reply(studio, { body: 'Thanks!', imageId: other.ids[0] })).status).toBe(404);
      expect(await countFor(mine.link.id)).toBe(0);
    });
  });

  describe('the happy path', () => {
    it("keeps a thread per photo and one for the gallery, stored as plain text, and shows the studio's replies", async () => {
      const { link, token, ids } = await commentLink();
      const body = '<img src=x onerror=alert(1)> Could this one be warmer?\nThanks';
      const posted = await http()
        .post(`/api/share/${token}/images/${ids[0]}/comments`)
        .send({ body: `  ${body}  ` });
      expect(posted.status).toBe(201);
      expect(posted.body.data).toEqual({
        id: expect.any(String),
        imageId: ids[0],
        body,
        author: 'client',
        authorName: `Commenter ${sequence}`,
        createdAt: expect.any(String),
      });
      expect((await http().post(`/api/share/${token}/comments`).send({ body: 'We love them all!' })).status).toBe(201);

      const reply = await http()
        .post(`/client-gallery/links/${link.documentId}/comments`)
        .set('Authorization', `Bearer ${studio}`)
        .send({ body: 'Sure, warmer it is.', imageId: ids[0] });
      expect(reply.status).toBe(201);
      expect(reply.body.data).toMatchObject({ author: 'studio', authorName: 'comment studio Tester', imageId: ids[0] });

      const photoThread = await http().get(`/api/share/${token}/images/${ids[0]}/comments`);
      expect(photoThread.body.data).toEqual({
        open: true,
        comments: [expect.objectContaining({ body, author: 'client' }), expect.objectContaining({ body: 'Sure, warmer it is.', author: 'studio' })],
      });
      const galleryThread = await http().get(`/api/share/${token}/comments`);
      expect(galleryThread.body.data.comments.map((c: any) => [c.imageId, c.body])).toEqual([[null, 'We love them all!']]);
      expect((await http().get(`/api/share/${token}/images/${ids[1]}/comments`)).body.data.comments).toEqual([]);
      // The page's "Commented" filter: photos with a thread on this link.
      expect((await http().get(`/api/share/${token}/images?commented=true`)).body.data.map((image: any) => image.id)).toEqual([ids[0]]);

      const studioView = await http().get(`/client-gallery/links/${link.documentId}/comments`).set('Authorization', `Bearer ${viewer}`);
      expect(studioView.body.data.map((c: any) => c.author)).toEqual(['client', 'client', 'studio']);
    });
  });

  describe('the studio digest', () => {
    it('mails 30 new comments as one digest, once, even with two processes sending at once', async () => {
      await strapi.db.query(COMMENTS).updateMany({ where: { notifiedAt: null }, data: { notifiedAt: new Date() } });
      const { link, token, ids } = await commentLink();
      for (let i = 0; i < 30; i += 1)
        await http()
          .post(`/api/share/${token}/images/${ids[i % 2]}/comments`)
          .send({ body: `Comment number ${i + 1}` });
      const digests = () => smtp.messages.filter((m) => m.to.includes('studio@studio.test') && /new comments? from clients/.test(m.subject));
      const before = digests().length;

      // Too early: the digest waits for its oldest comment to be commentDigestMinutes (10) old.
      expect(await commentService().sendDigest({ now: Date.now() })).toBe(0);

      const worker: StrapiWorker = await startStrapiWorker(booted.env);
      try {
        const later = Date.now() + 11 * 60_000;
        const counts = await Promise.all([
          commentService().sendDigest({ now: later }),
          worker.call<number>('plugin::client-gallery.comment', 'sendDigest', { now: later }),
          commentService().sendDigest({ now: later }),
        ]);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(30);
      } finally {
        await worker.stop();
      }
      const digest = await smtp.waitFor((m) => digests().length > before && m === digests()[digests().length - 1]);
      expect(digests().length - before).toBeGreaterThanOrEqual(1);
      expect(digests().length - before).toBeLessThanOrEqual(3);
      const mailed = digests()
        .slice(before)
        .reduce((n, m) => n + (m.text.match(/Comment number \d+/g) ?? []).length, 0);
      expect(mailed).toBe(30);
      expect(digest.html).not.toContain('<img src=x');
      expect(await strapi.db.query(COMMENTS).count({ where: { link: { id: link.id }, notifiedAt: null } })).toBe(0);
      expect(await commentService().sendDigest({ now: Date.now() + 60 * 60_000 })).toBe(0);
    });

    it("links each thread's \"Reply in the admin\" to that thread in the gallery's Proofing dialog, not to the notifications", async () => {
      await strapi.db.query(COMMENTS).updateMany({ where: { notifiedAt: null }, data: { notifiedAt: new Date() } });
      const first = await commentLink();
      const second = await commentLink();
      const post = (path: string, body: string) => http().post(path).send({ body }).expect(201);
      await post(`/api/share/${first.token}/images/${first.ids[1]}/comments`, 'Crop this one?');
      await post(`/api/share/${first.token}/images/${first.ids[1]}/comments`, 'And warmer, please');
      await post(`/api/share/${second.token}/comments`, 'Love the whole set');
      const before = smtp.messages.length;
      expect(await commentService().sendDigest({ now: Date.now() + 11 * 60_000 })).toBe(3);
      const digest = await smtp.waitFor((m) => smtp.messages.indexOf(m) >= before && /3 new comments from clients/.test(m.subject));

      const replies = [...digest.text.matchAll(/^Reply in the admin: (\S+)$/gm)].map((m) => new URL(m[1]));
      expect(replies).toHaveLength(2);
      const [photoThread, galleryThread] = replies;
      expect(photoThread.pathname).toBe(`/admin/plugins/client-gallery/clients/${first.client.documentId}`);
      expect(Object.fromEntries(photoThread.searchParams)).toEqual({ proofing: first.gallery.documentId, link: first.link.documentId, photo: first.ids[1] });
      expect(galleryThread.pathname).toBe(`/admin/plugins/client-gallery/clients/${second.client.documentId}`);
      expect(Object.fromEntries(galleryThread.searchParams)).toEqual({ proofing: second.gallery.documentId, link: second.link.documentId });
      // Each thread's comments sit above its own link; the button opens the first thread.
      expect(digest.text.indexOf('And warmer, please')).toBeLessThan(digest.text.indexOf(photoThread.href));
      expect(digest.text.indexOf('Love the whole set')).toBeGreaterThan(digest.text.indexOf(photoThread.href));
      expect(digest.html).toContain(`href="${photoThread.href.replace(/&/g, '&amp;')}"`);
      expect(digest.text).not.toContain('/notifications');
    });
  });
});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, type TestSmtp } from '../helpers/smtp';

/**
 * POST /api/share/:token/unlock: scrypt passwords, a stateless unlock (cookie + bearer), and a
 * brute-force limit whose counter lives in the database, so it holds across server processes.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let child: StrapiWorker | undefined;
let galleryId: string;
const http = () => request(strapi.server.httpServer);
const PASSWORD = 'correct horse';
const MAX = 4;

async function passwordLink(email: string) {
  return makeLink(strapi, galleryId, { recipientEmail: email, password: PASSWORD });
}

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi(
    'share-unlock',
    smtpEnv(smtp, {
      STUDIO_NOTIFY_EMAIL: 'studio@studio.test',
      STUDIO_NAME: 'Lumen Studio',
      SHARE_UNLOCK_MAX_ATTEMPTS: String(MAX),
      SHARE_NOTIFY_PASSWORD_FAILURES_AFTER: '3',
    }),
  );
  strapi = booted.strapi;
  const file = await uploadFile(strapi, await makeJpeg(3), 'unlock.jpg');
  galleryId = (await makeGallery(strapi, 'Petra Password', file.id)).gallery.documentId;
});

afterAll(async () => {
  await child?.stop();
  await booted?.stop();
  await smtp?.stop();
});

describe('share-unlock', () => {
  describe('POST /api/share/:token/unlock', () => {
    it('stores the password only as an scrypt hash', async () => {
      const { link } = await passwordLink('hash@client.test');
      const row = await strapi.db.query('plugin::client-gallery.share-link').findOne({ where: { id: link.id } });
      expect(row.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
      expect(row.passwordHash).not.toContain(PASSWORD);
    });

    it('sets an HttpOnly SameSite=Lax cookie and returns a bearer token, both of which unlock', async () => {
      const { token, link } = await passwordLink('cookie@client.test');
      expect((await http().get(`/api/share/${token}`)).body.error.name).toBe('PasswordRequiredError');
      const res = await http().post(`/api/share/${token}/unlock`).send({ password: PASSWORD });
      expect(res.status).toBe(200);
      const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith(`cg_unlock_${link.documentId}=`))!;
      expect(cookie).toMatch(/httponly/i);
      expect(cookie).toMatch(/samesite=lax/i);
      expect(res.body.data.unlockToken).toMatch(/^su2\.[a-z0-9]+\./);
      expect((await http().get(`/api/share/${token}`).set('Cookie', cookie.split(';')[0])).status).toBe(200);
      expect((await http().get(`/api/share/${token}`).set('Authorization', `Bearer ${res.body.data.unlockToken}`)).status).toBe(200);
    });

    it('does not let one link\'s unlock open another link', async () => {
      const first = await passwordLink('first@client.test');
      const second = await passwordLink('second@client.test');
      const unlocked = await http().post(`/api/share/${first.token}/unlock`).send({ password: PASSWORD });
      expect((await http().get(`/api/share/${second.token}`).set('X-Share-Unlock', unlocked.body.data.unlockToken)).status).toBe(401);
    });

    it(`answers 401 to wrong passwords, then 429 after ${MAX} failures, even for the right password`, async () => {
      const { token } = await passwordLink('brute@client.test');
      for (let i = 0; i < MAX; i += 1) {
        const res = await http().post(`/api/share/${token}/unlock`).send({ password: `guess-${i}` });
        expect([res.status, res.body.error.name]).toEqual([401, 'WrongPasswordError']);
      }
      const blocked = await http().post(`/api/share/${token}/unlock`).send({ password: 'guess-x' });
      expect([blocked.status, blocked.body.error.name]).toEqual([429, 'TooManyAttemptsError']);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect((await http().post(`/api/share/${token}/unlock`).send({ password: PASSWORD })).status).toBe(429);
    });

    it('records every failure as activity and tells the studio once (milestone + email)', async () => {
      const { link } = await strapi.plugin('client-gallery').service('share-link').findPrivate(galleryId, 'brute@client.test').then((l: any) => ({ link: l }));
      const failures = await strapi.db.query('plugin::client-gallery.activity-event').findMany({ where: { link: { id: link.id }, type: 'password-failed' } });
      expect(failures).toHaveLength(MAX);
      expect(failures.filter((event: any) => event.milestone === 'password-failures')).toHaveLength(1);
      const mail = await smtp.waitFor((m) => m.to.includes('studio@studio.test') && /wrong password/.test(m.subject));
      expect(mail.text).toContain('brute@client.test');
      expect(mail.text).toContain('Petra Password gallery');
      expect(mail.raw).not.toContain(PASSWORD);
    });
  });

  describe('with two server processes on one database', () => {
    beforeAll(async () => {
      child = await startStrapiWorker(booted.database.env);
    }, 120000);

    it('keeps one counter: failures on either process add up, and both then answer 429', async () => {
      const { token } = await passwordLink('two-processes@client.test');
      const other = () => request(`http://127.0.0.1:${child!.port}`);
      for (let i = 0; i < MAX; i += 1) {
        const server = i % 2 === 0 ? http() : other();
        expect((await server.post(`/api/share/${token}/unlock`).send({ password: `wrong-${i}` })).status).toBe(401);
      }
      expect((await other().post(`/api/share/${token}/unlock`).send({ password: 'wrong-x' })).status).toBe(429);
      expect((await http().post(`/api/share/${token}/unlock`).send({ password: 'wrong-y' })).status).toBe(429);
    });

    it(`lets exactly ${MAX} of 12 concurrent wrong guesses through, split across both processes`, async () => {
      const { token } = await passwordLink('concurrent@client.test');
      const other = () => request(`http://127.0.0.1:${child!.port}`);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? http() : other()).post(`/api/share/${token}/unlock`).send({ password: `parallel-${i}` })),
      );
      const statuses = results.map((res) => res.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(MAX);
      expect(statuses.filter((s) => s === 429)).toHaveLength(12 - MAX);
    });

    it('accepts on one process an unlock token issued by the other', async () => {
      const { token } = await passwordLink('stateless@client.test');
      const unlocked = await request(`http://127.0.0.1:${child!.port}`).post(`/api/share/${token}/unlock`).send({ password: PASSWORD });
      expect(unlocked.status).toBe(200);
      expect((await http().get(`/api/share/${token}`).set('X-Share-Unlock', unlocked.body.data.unlockToken)).status).toBe(200);
    });
  });

  describe('attempt counters', () => {
    it('are pruned once their window closed long enough ago, and a pruned key starts again at 1', async () => {
      const attempts = strapi.plugin('client-gallery').service('access-attempt');
      const hour = 3600_000;
      const now = Date.now();
      await attempts.hit('prune:old', 15 * 60_000, now - 30 * hour);
      await attempts.hit('prune:old', 15 * 60_000, now - 30 * hour);
      await attempts.hit('prune:fresh', 15 * 60_000, now);
      const keys = async () =>
        (await strapi.db.query('plugin::client-gallery.access-attempt').findMany({ where: { attemptKey: { $startsWith: 'prune:' } } })).map((r: any) => r.attemptKey).sort();
      expect(await keys()).toEqual(['prune:fresh', 'prune:old']);
      expect(await attempts.prune(24 * hour + 15 * 60_000, now)).toBeGreaterThanOrEqual(1);
      expect(await keys()).toEqual(['prune:fresh']);
      expect((await attempts.hit('prune:old', 15 * 60_000, now)).hits).toBe(1);
    });
  });
});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp';

/**
 * A wrong-password flood must not lock a private link's recipient out. The
 * counters stay; the recipient asks for a one-time sign-in link, mailed to the address the link
 * was shared with, and opening it unlocks that browser without touching the counters.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let worker: StrapiWorker;
let galleryId: string;
let sequence = 0;
const http = () => request(strapi.server.httpServer);
const other = () => request(`http://127.0.0.1:${worker.port}`);
const PASSWORD = 'correct horse';
const MAX_ATTEMPTS = 3;
const MAILS_PER_WINDOW = 2;

async function privateLink(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  const email = `recipient-${sequence}@client.test`;
  const { link, token } = await makeLink(strapi, galleryId, { recipientEmail: email, password: PASSWORD, ...overrides });
  return { link, token, email };
}

/** The ticket in the newest sign-in mail to `email` (…/g/<token>#sign-in=<ticket>). */
async function mailedTicket(email: string, after: number): Promise<{ ticket: string; mail: ReceivedMail }> {
  const mail = await smtp.waitFor((m) => m.to.includes(email) && /^Sign in to/.test(m.subject) && smtp.messages.indexOf(m) >= after);
  const match = /#sign-in=(si2\.[A-Za-z0-9._-]+)/.exec(mail.text);
  if (!match) throw new Error(`no sign-in link in: ${mail.text}`);
  return { ticket: match[1], mail };
}

async function askForTicket(token: string, email: string) {
  const before = smtp.messages.length;
  const res = await http().post(`/api/share/${token}/sign-in-link`);
  expect(res.status).toBe(202);
  return (await mailedTicket(email, before)).ticket;
}

async function lockOut(token: string) {
  for (let i = 0; i <= MAX_ATTEMPTS; i++) await http().post(`/api/share/${token}/unlock`).send({ password: `guess-${i}` });
  expect((await http().post(`/api/share/${token}/unlock`).send({ password: PASSWORD })).status).toBe(429);
}

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi(
    'share-sign-in',
    smtpEnv(smtp, { STUDIO_NAME: 'Lumen Studio', STUDIO_NOTIFY_EMAIL: '', SHARE_UNLOCK_MAX_ATTEMPTS: String(MAX_ATTEMPTS), SHARE_SIGN_IN_MAILS_PER_WINDOW: String(MAILS_PER_WINDOW) }),
  );
  strapi = booted.strapi;
  const file = await uploadFile(strapi, await makeJpeg(5), 'sign-in.jpg');
  galleryId = (await makeGallery(strapi, 'Sam Sign-in', file.id)).gallery.documentId;
  worker = await startStrapiWorker(booted.database.env);
});

afterAll(async () => {
  await worker?.stop();
  await booted?.stop();
  await smtp?.stop();
});

describe('a one-time sign-in link for a locked-out recipient', () => {
  it('tells the page of a private link that a sign-in link can be asked for', async () => {
    const { token } = await privateLink();
    const res = await http().get(`/api/share/${token}`);
    expect(res.body.error).toMatchObject({ name: 'PasswordRequiredError', details: { signIn: 'POST /api/share/:token/sign-in-link' } });
  });

  it('lets the recipient in after a flood of wrong passwords has locked the password', async () => {
    const { token, email, link } = await privateLink();
    await lockOut(token);

    const ticket = await askForTicket(token, email);
    const signedIn = await http().post(`/api/share/${token}/sign-in`).send({ ticket });
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith(`cg_unlock_${link.documentId}=`))!;
    expect(cookie).toMatch(/httponly/i);
    expect((await http().get(`/api/share/${token}`).set('Cookie', cookie.split(';')[0])).status).toBe(200);
    // The counters are untouched: the password is still locked for everyone guessing.
    expect((await http().post(`/api/share/${token}/unlock`).send({ password: PASSWORD })).status).toBe(429);
  });

  it('mails only the recipient, with the ticket in the fragment and no password', async () => {
    const { token, email } = await privateLink();
    const before = smtp.messages.length;
    await http().post(`/api/share/${token}/sign-in-link`);
    const { mail } = await mailedTicket(email, before);
    expect(mail.to).toEqual([email]);
    expect(mail.text).toContain(`/g/${token}#sign-in=si2.`);
    expect(mail.text).not.toContain(PASSWORD);
  });

  it('works once, on any process: a replay is refused here and on a second process', async () => {
    const { token, email } = await privateLink();
    const ticket = await askForTicket(token, email);
    expect((await other().post(`/api/share/${token}/sign-in`).send({ ticket })).status).toBe(200);
    const again = await http().post(`/api/share/${token}/sign-in`).send({ ticket });
    expect([again.status, again.body.error.name]).toEqual([401, 'SignInLinkInvalidError']);
    expect((await other().post(`/api/share/${token}/sign-in`).send({ ticket })).status).toBe(401);
  });

  it('admits exactly one of ten concurrent uses of a ticket, across two processes', async () => {
    const { token, email } = await privateLink();
    const ticket = await askForTicket(token, email);
    const statuses = (await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other() : http()).post(`/api/share/${token}/sign-in`).send({ ticket })))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(9);
  });

  it.each([
    ['a flipped signature character', (t: string) => t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A')],
    ['a changed expiry', (t: string) => t.replace(/^(si2\.[a-z0-9]+\.)(\d+)/, (_, p, exp) => `${p}${Number(exp) + 3600}`)],
    ['a changed nonce', (t: string) => t.replace(/^(si2\.[a-z0-9]+\.\d+\.)(.)/, (_, p, c) => `${p}${c === 'A' ? 'B' : 'A'}`)],
    ['garbage', () => 'si2.nothing'],
  ])('refuses a ticket with %s', async (_name, tamper) => {
    const { token, email } = await privateLink();
    const ticket = await askForTicket(token, email);
    expect((await http().post(`/api/share/${token}/sign-in`).send({ ticket: tamper(ticket) })).status).toBe(401);
    // The untampered ticket still works: a refused try does not use it up.
    expect((await http().post(`/api/share/${token}/sign-in`).send({ ticket })).status).toBe(200);
  });

  it("refuses one link's ticket on another link", async () => {
    const first = await privateLink();
    const second = await privateLink();
    const ticket = await askForTicket(first.token, first.email);
    expect((await http().post(`/api/share/${second.token}/sign-in`).send({ ticket })).status).toBe(401);
  });

  it('refuses an expired ticket', async () => {
    const { token, email } = await privateLink();
    const ticket = await askForTicket(token, email);
    const realNow = Date.now;
    Date.now = () => realNow() + 16 * 60_000;
    try {
      expect((await http().post(`/api/share/${token}/sign-in`).send({ ticket })).status).toBe(401);
    } finally {
      Date.now = realNow;
    }
  });

  it(`mails at most ${MAILS_PER_WINDOW} sign-in links per link and window, then answers 429`, async () => {
    const { token, email } = await privateLink();
    const before = smtp.messages.length;
    for (let i = 0; i < MAILS_PER_WINDOW; i++) expect((await http().post(`/api/share/${token}/sign-in-link`)).status).toBe(202);
    const refused = await http().post(`/api/share/${token}/sign-in-link`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The outbox sends after each commit: wait for the allowed mails, then see that no third follows.
    const mine = () => smtp.messages.slice(before).filter((m) => m.to.includes(email));
    for (let waited = 0; mine().length < MAILS_PER_WINDOW && waited < 15_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mine()).toHaveLength(MAILS_PER_WINDOW);
  });

  it.each([
    ['a general link', { kind: 'general', recipientEmail: undefined }],
    ['a link without a password', { password: undefined }],
  ])('is not offered on %s (403, nothing mailed)', async (_name, overrides) => {
    const { token } = await privateLink(overrides);
    const before = smtp.messages.length;
    const res = await http().post(`/api/share/${token}/sign-in-link`);
    expect([res.status, res.body.error.name]).toEqual([403, 'ActionNotAllowedError']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.messages.length).toBe(before);
  });

  it('answers an unknown link with the same 404 as every share route', async () => {
    expect((await http().post('/api/share/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/sign-in-link')).status).toBe(404);
    expect((await http().post('/api/share/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/sign-in').send({ ticket: 'si2.x' })).status).toBe(404);
  });
});

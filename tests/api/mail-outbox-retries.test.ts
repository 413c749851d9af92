import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, type TestSmtp } from '../helpers/smtp';

/**
 * The outbox (services/mail/mail-outbox.ts): a refused mail is tried again after a doubling wait,
 * given up after mail.maxAttempts and shown to the studio, who can send it again; and a mail is
 * written in the transaction of the change that causes it. Its own boot: a mail server that
 * refuses on demand, retry settings of its own, and a spy on the outbox.
 */
const OUTBOX = 'plugin::client-gallery.outbox-mail';
const EVENT = 'plugin::client-gallery.activity-event';
const MAX_ATTEMPTS = 6;
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let gallery: Awaited<ReturnType<typeof makeGallery>>;
let viewer: string;
let modifier: string;
const http = () => request(strapi.server.httpServer);
const outbox = () => strapi.plugin('client-gallery').service('mail-outbox');
const rowsTo = (prefix: string) => strapi.db.query(OUTBOX).findMany({ where: { recipient: { $startsWith: prefix } }, orderBy: { id: 'asc' } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mail = (subject: string) => ({ subject, text: `${subject}: https://photos.test/g/secret-token`, html: `<p>${subject}</p>` });

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi(
    'mail-outbox-retries',
    smtpEnv(smtp, { STUDIO_NOTIFY_EMAIL: 'studio@studio.test', MAIL_MAX_ATTEMPTS: String(MAX_ATTEMPTS), MAIL_RETRY_BASE_SECONDS: '1', MAIL_RETRY_MAX_SECONDS: '2' }),
  );
  strapi = booted.strapi;
  const file = await uploadFile(strapi, await makeJpeg(12), 'retries.jpg');
  gallery = await makeGallery(strapi, 'Rita Retry', file.id);
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'mail-viewer')).token;
  modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'mail-modifier')).token;
});

// A test that fails half-way must not leave the next one a refusing server.
afterEach(() => {
  smtp.refusing = false;
});

afterAll(async () => {
  await booted?.stop();
  await smtp?.stop();
});

describe('the outbox: retries, give-up, the studio and transactions', () => {
  it('waits twice as long after each refusal, gives up after mail.maxAttempts, and lets the studio see it and send it again', async () => {
    smtp.refusing = true;
    const id = await outbox().enqueue({ kind: 'milestone', to: 'giveup@client.test', mail: mail('Give up'), kick: false });
    const row = () => strapi.db.query(OUTBOX).findOne({ where: { id } });
    const waits: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const before = Date.now();
      // A clock an hour ahead: every wait is over, so each call is one more try.
      await outbox().deliverDue({ now: attempt === 1 ? new Date() : new Date(Date.now() + 3600_000) });
      const after = Date.now();
      const current = await row();
      expect(current.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(current.status).toBe('pending');
        const next = new Date(current.nextAttemptAt).getTime();
        waits.push(next - before);
        expect(next - after).toBeLessThanOrEqual([1000, 2000, 2000, 2000, 2000][attempt - 1]);
      }
    }
    // 1 s, then doubled and capped at 2 s (each measured from just before the try).
    expect(waits[0]).toBeGreaterThanOrEqual(1000);
    expect(waits[1]).toBeGreaterThanOrEqual(2000);
    const failed = await row();
    expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(failed.lastError).toMatch(/451 Mailbox busy/);
    expect(failed.lastError).not.toContain('giveup@client.test');
    await outbox().deliverDue({ now: new Date(Date.now() + 7200_000) });
    expect((await row()).attempts).toBe(MAX_ATTEMPTS); // given up: never tried again by itself

    // The studio sees it (View), without its body; sending again needs Modify.
    expect((await http().get('/client-gallery/mails')).status).toBe(401);
    const listed = await http().get('/client-gallery/mails?status=failed').set('Authorization', `Bearer ${viewer}`);
    expect(listed.status).toBe(200);
    const entry = listed.body.data.find((m: any) => m.id === failed.documentId);
    expect(entry).toMatchObject({ kind: 'milestone', recipient: 'giveup@client.test', subject: 'Give up', status: 'failed', attempts: MAX_ATTEMPTS });
    expect(JSON.stringify(listed.body)).not.toContain('secret-token');
    expect((await http().post(`/client-gallery/mails/${failed.documentId}/resend`).set('Authorization', `Bearer ${viewer}`)).status).toBe(403);
    expect((await http().post('/client-gallery/mails/no-such-mail/resend').set('Authorization', `Bearer ${modifier}`)).status).toBe(404);

    smtp.refusing = false;
    const resent = await http().post(`/client-gallery/mails/${failed.documentId}/resend`).set('Authorization', `Bearer ${modifier}`);
    expect(resent.status).toBe(200);
    expect(resent.body.data).toMatchObject({ status: 'pending', attempts: 0 });
    const received = await smtp.waitFor((m) => m.to.includes('giveup@client.test'));
    expect(received.text).toContain('secret-token');
    await outbox().settled();
    expect(await row()).toMatchObject({ status: 'sent', attempts: 1, textBody: null });
    expect((await http().post(`/client-gallery/mails/${failed.documentId}/resend`).set('Authorization', `Bearer ${modifier}`)).status).toBe(409);
    await sleep(200);
    expect(smtp.messages.filter((m) => m.to.includes('giveup@client.test'))).toHaveLength(1);
  });

  it('writes a mail with the change that causes it: when the mail cannot be written, the change is rolled back too', async () => {
    const { token, link } = await makeLink(strapi, gallery.gallery.documentId, { recipientEmail: 'atomic@client.test', recipientName: 'Ada Atomic' });
    const milestone = () => strapi.db.query(EVENT).findMany({ where: { link: { id: link.id }, milestone: 'first-view' } });
    const studioMailsAboutAda = () => smtp.messages.filter((m) => m.to.includes('studio@studio.test') && m.text.includes('Ada Atomic'));
    const service = outbox();
    const enqueue = jest.spyOn(service, 'enqueue').mockRejectedValueOnce(new Error('disk full'));
    try {
      expect((await http().get(`/api/share/${token}`)).status).toBe(500);
    } finally {
      enqueue.mockRestore();
    }
    // The first view's milestone was stored in the transaction that failed to write its mail: neither exists.
    expect(await milestone()).toHaveLength(0);
    await outbox().settled();
    expect(studioMailsAboutAda()).toHaveLength(0);

    // Rows written in a transaction that rolls back later are gone as well, and no sender is kicked for them.
    await expect(
      strapi.db.transaction(async () => {
        await strapi.db.query('plugin::client-gallery.share-link').update({ where: { id: link.id }, data: { recipientName: 'Changed' } });
        await outbox().enqueue({ kind: 'milestone', to: 'rolled-back@client.test', mail: mail('Never') });
        throw new Error('crash after the change');
      }),
    ).rejects.toThrow('crash after the change');
    expect((await strapi.db.query('plugin::client-gallery.share-link').findOne({ where: { id: link.id } })).recipientName).toBe('Ada Atomic');
    expect(await rowsTo('rolled-back@')).toHaveLength(0);

    // The next view stores the milestone with its mail, and the mail goes out at once.
    expect((await http().get(`/api/share/${token}`)).status).toBe(200);
    expect(await milestone()).toHaveLength(1);
    const notice = await smtp.waitFor((m) => m.to.includes('studio@studio.test') && m.text.includes('Ada Atomic'), 5000);
    expect(notice.subject).toMatch(/opened the gallery/);
    await outbox().settled();
    await sleep(200);
    expect(studioMailsAboutAda()).toHaveLength(1);
  });
});

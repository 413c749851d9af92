import crypto from 'crypto';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { createAdmin, createApiToken, PLUGIN_ACTIONS } from '../helpers/admin';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, tokenFromMail, type TestSmtp } from '../helpers/smtp';

/** Share links as the studio manages them (admin routes and REST), invitations and milestones over real SMTP. */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let viewer: string;
let modifier: string;
let apiToken: string;
let gallery: Awaited<ReturnType<typeof makeGallery>>;
const http = () => request(strapi.server.httpServer);
const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');
const PASSWORD = 'tulips-2026';

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi('share-links', smtpEnv(smtp, { STUDIO_NOTIFY_EMAIL: 'studio@studio.test', STUDIO_NAME: 'Lumen Studio', PUBLIC_URL: 'https://photos.lumen.test' }));
  strapi = booted.strapi;
  viewer = (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer')).token;
  modifier = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
  apiToken = await createApiToken(strapi);
  const file = await uploadFile(strapi, await makeJpeg(9), 'links.jpg');
  gallery = await makeGallery(strapi, 'Ines Invite', file.id, { welcomeNote: 'Thank you for a lovely day in the tulip fields.', deadline: '2026-07-15' });
});

afterAll(async () => {
  await booted?.stop();
  await smtp?.stop();
});

const admin = (token: string) => ({
  get: (path: string) => http().get(`/client-gallery${path}`).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => http().post(`/client-gallery${path}`).set('Authorization', `Bearer ${token}`).send(body),
  put: (path: string, body: object) => http().put(`/client-gallery${path}`).set('Authorization', `Bearer ${token}`).send(body),
});

describe('share-link', () => {
  describe('admin routes', () => {
    it('answer anonymous requests with 401 and "View" alone may read but not create (403)', async () => {
      const path = `/galleries/${gallery.gallery.documentId}/links`;
      expect((await http().get(`/client-gallery${path}`)).status).toBe(401);
      expect((await admin(viewer).get(path)).status).toBe(200);
      expect((await admin(viewer).post(path, { kind: 'general' })).status).toBe(403);
      expect((await admin(viewer).post(`/galleries/${gallery.gallery.documentId}/share-with-client`, { email: 'x@client.test' })).status).toBe(403);
    });

    it('create a general link whose ≥128-bit token is shown once and stored only as its SHA-256', async () => {
      const res = await admin(modifier).post(`/galleries/${gallery.gallery.documentId}/links`, { kind: 'general', watermark: true });
      expect(res.status).toBe(201);
      const { token } = res.body.meta;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
      const row = await strapi.db.query('plugin::client-gallery.share-link').findOne({ where: { documentId: res.body.data.documentId } });
      expect(row.tokenHash).toBe(sha256(token));
      const list = await admin(viewer).get(`/galleries/${gallery.gallery.documentId}/links`);
      expect(JSON.stringify(list.body)).not.toContain(token);
      expect(JSON.stringify(list.body)).not.toMatch(/tokenHash|passwordHash|recipientKey|[0-9a-f]{64}/);
      expect((await http().get(`/api/share/${token}`)).status).toBe(200);
    });

    it('allow one general link per gallery and one private link per email (409)', async () => {
      const path = `/galleries/${gallery.gallery.documentId}/links`;
      expect((await admin(modifier).post(path, { kind: 'general' })).status).toBe(409);
      expect((await admin(modifier).post(path, { kind: 'private', recipientEmail: 'once@client.test' })).status).toBe(201);
      expect((await admin(modifier).post(path, { kind: 'private', recipientEmail: 'ONCE@client.test' })).status).toBe(409);
      expect((await admin(modifier).post(path, { kind: 'private' })).status).toBe(400);
      expect((await admin(modifier).post('/galleries/no-such-gallery/links', { kind: 'general' })).status).toBe(404);
    });
  });

  describe('REST with an API token', () => {
    it('creates, reads without secrets, changes settings, revokes and regenerates', async () => {
      const auth = { Authorization: `Bearer ${apiToken}` };
      const created = await http()
        .post('/api/share-links')
        .set(auth)
        .send({ data: { gallery: gallery.gallery.documentId, kind: 'private', recipientEmail: 'rest@client.test', password: PASSWORD } });
      expect(created.status).toBe(201);
      const { documentId } = created.body.data;
      const first = created.body.meta.token;
      expect(created.body.data.settings.passwordProtected).toBe(true);

      const read = await http().get(`/api/share-links/${documentId}`).set(auth);
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toMatch(/tokenHash|passwordHash|recipientKey|scrypt/);

      const updated = await http().put(`/api/share-links/${documentId}`).set(auth).send({ data: { password: null, downloadsEnabled: true } });
      expect(updated.body.data.settings).toMatchObject({ passwordProtected: false, downloadsEnabled: true });
      expect((await http().get(`/api/share/${first}`)).status).toBe(200);

      expect((await http().post(`/api/share-links/${documentId}/revoke`).set(auth)).body.data.state).toBe('revoked');
      expect((await http().get(`/api/share/${first}`)).status).toBe(404);

      const regenerated = await http().post(`/api/share-links/${documentId}/regenerate`).set(auth);
      expect(regenerated.body.data.state).toBe('active');
      expect((await http().get(`/api/share/${first}`)).status).toBe(404);
      expect((await http().get(`/api/share/${regenerated.body.meta.token}`)).status).toBe(200);
      expect((await http().post('/api/share-links').send({ data: { gallery: gallery.gallery.documentId, kind: 'general' } })).status).toBe(403);
    });
  });

  describe('share with client (invitation)', () => {
    let linkDocumentId: string;

    it('mails an HTML and text invitation with studio, title, welcome note, deadline and a working link, never the password', async () => {
      const res = await admin(modifier).post(`/galleries/${gallery.gallery.documentId}/share-with-client`, { email: 'ines@client.test', name: 'Ines', password: PASSWORD });
      expect(res.status).toBe(201);
      expect(res.body.meta.invitation).toEqual({ sent: true, error: null });
      linkDocumentId = res.body.data.documentId;
      const mail = await smtp.waitFor((m) => m.to.includes('ines@client.test'));
      expect(mail.subject).toContain('Lumen Studio');
      for (const body of [mail.text, mail.html]) {
        expect(body).toContain('Ines Invite gallery');
        expect(body).toContain('Thank you for a lovely day in the tulip fields.');
        expect(body).toContain('15 July 2026');
        expect(body).toContain('https://photos.lumen.test/g/');
      }
      expect(mail.raw).not.toContain(PASSWORD);
      const token = tokenFromMail(mail);
      expect(token).toBe(res.body.meta.token);
      expect((await http().get(`/api/share/${token}`)).body.error.name).toBe('PasswordRequiredError');
      const unlocked = await http().post(`/api/share/${token}/unlock`).send({ password: PASSWORD });
      expect((await http().get(`/api/share/${token}`).set('X-Share-Unlock', unlocked.body.data.unlockToken)).status).toBe(200);
      expect((await admin(viewer).get(`/links/${linkDocumentId}`)).body.data).toMatchObject({ invitationStatus: 'sent', recipientEmail: 'ines@client.test' });
    });

    it('mails the studio on the first view only, and keeps it as an unread notification until marked read', async () => {
      const mail = await smtp.waitFor((m) => m.to.includes('studio@studio.test') && /opened the gallery/.test(m.subject));
      expect(mail.text).toContain('Ines');
      expect(mail.text).toContain('Ines Invite gallery');
      // "See activity" opens a page the admin really has.
      expect(mail.html).toContain('/admin/plugins/client-gallery/notifications');
      expect(mail.html).not.toContain('/client-gallery/activity');
      await strapi.plugin('client-gallery').service('activity').settled(); // the mail is out (notifiedAt says it was queued with the milestone)
      const unread = await admin(viewer).get('/notifications');
      const notification = unread.body.data.find((n: any) => n.milestone === 'first-view' && n.link.documentId === linkDocumentId);
      expect(notification).toMatchObject({ type: 'view', readAt: null, notifiedAt: expect.any(String) });
      expect((await admin(viewer).post(`/notifications/${notification.documentId}/read`)).body.data.readAt).toEqual(expect.any(String));
      expect((await admin(viewer).get('/notifications')).body.data.find((n: any) => n.documentId === notification.documentId)).toBeUndefined();
      const views = await strapi.db.query('plugin::client-gallery.activity-event').findMany({ where: { link: { documentId: linkDocumentId }, type: 'view' } });
      expect(views.map((v: any) => v.milestone)).toEqual(['first-view']);
    });

    it('lists activity per link and per client', async () => {
      const byLink = await admin(viewer).get(`/links/${linkDocumentId}/activity`);
      expect(byLink.body.data.map((e: any) => e.type)).toEqual(expect.arrayContaining(['invitation-sent', 'view']));
      const byClient = await admin(viewer).get(`/clients/${gallery.client.documentId}/activity`);
      expect(byClient.body.data.length).toBeGreaterThanOrEqual(byLink.body.data.length);
      expect(byClient.body.data.every((e: any) => e.client?.documentId === gallery.client.documentId)).toBe(true);
    });

    it('keeps the link when SMTP is down, shows the failure to the studio, and resends on retry', async () => {
      await smtp.stop();
      let res: request.Response;
      try {
        res = await admin(modifier).post(`/galleries/${gallery.gallery.documentId}/share-with-client`, { email: 'down@client.test' });
      } finally {
        await smtp.start();
      }
      expect(res.status).toBe(201);
      expect(res.body.meta.invitation.sent).toBe(false);
      const failed = await admin(viewer).get(`/links/${res.body.data.documentId}`);
      expect(failed.body.data).toMatchObject({ invitationStatus: 'failed', invitationError: expect.any(String) });

      const retried = await admin(modifier).post(`/links/${res.body.data.documentId}/invitation/retry`);
      expect(retried.status).toBe(200);
      expect(retried.body.meta.invitation).toEqual({ sent: true, error: null });
      const mail = await smtp.waitFor((m) => m.to.includes('down@client.test'));
      expect((await http().get(`/api/share/${tokenFromMail(mail)}`)).status).toBe(200);
      expect((await http().get(`/api/share/${res.body.meta.token}`)).status).toBe(404); // the unsent token was replaced
      expect((await admin(viewer).get(`/links/${res.body.data.documentId}`)).body.data).toMatchObject({ invitationStatus: 'sent', invitationError: null });
    });

    it('keeps a milestone whose mail failed, and the outbox sends it exactly once when the server is back', async () => {
      const { token, link } = await makeLink(strapi, gallery.gallery.documentId, { recipientEmail: 'later@client.test', recipientName: 'Lars Later' });
      const outbox = strapi.plugin('client-gallery').service('mail-outbox');
      const firstView = () => strapi.db.query('plugin::client-gallery.activity-event').findOne({ where: { link: { id: link.id }, milestone: 'first-view' } });
      const mailsAboutLars = () => smtp.messages.filter((m) => m.to.includes('studio@studio.test') && m.text.includes('Lars Later'));
      await smtp.stop();
      try {
        expect((await http().get(`/api/share/${token}`)).status).toBe(200);
        await outbox.settled(); // the first try, right after the view, failed
      } finally {
        await smtp.start();
      }
      // The milestone is stored with its mail queued (notifiedAt), and stays unread.
      expect(await firstView()).toMatchObject({ notifiedAt: expect.anything(), readAt: null });
      expect(mailsAboutLars()).toHaveLength(0);
      await outbox.deliverDue(); // its next try is not due yet (the wait after a failure)
      expect(mailsAboutLars()).toHaveLength(0);

      expect(await outbox.deliverDue({ now: new Date(Date.now() + 3600_000) })).toBeGreaterThanOrEqual(1);
      const mail = await smtp.waitFor((m) => m.to.includes('studio@studio.test') && m.text.includes('Lars Later'));
      expect(mail.subject).toMatch(/opened the gallery/);

      await outbox.deliverDue({ now: new Date(Date.now() + 7200_000) });
      await new Promise((r) => setTimeout(r, 300));
      expect(mailsAboutLars()).toHaveLength(1);
    });
  });
});

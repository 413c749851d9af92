import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, tokenFromMail, type TestSmtp } from '../helpers/smtp';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';

/**
 * Deadlines that act (issue 10): past the deadline a proofing gallery behaves as locked on every
 * request; a scheduled task flips the stored stage and tells the studio once; reminders go N days
 * before to recipients who have not confirmed, once per link and reminder, across processes.
 * The scheduled work is driven here with a controlled clock (cron is off).
 */
const GALLERY = 'plugin::client-gallery.gallery';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let worker: StrapiWorker;
let fileId: number;
let sequence = 0;

const http = () => request(booted.baseUrl);
const deadlines = () => strapi.plugin('client-gallery').service('deadline');
const at = (iso: string) => Date.parse(iso);
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 24 * 3600_000).toISOString().slice(0, 10);

async function proofing(deadline: string, extra: Record<string, unknown> = {}) {
  sequence += 1;
  const made = await makeGallery(strapi, `Deadline ${sequence}`, fileId, {
    images: 3,
    deadline,
    extra: { selectionAllowed: true, selectionMin: 1, commentsAllowed: true, ...extra },
  });
  return { ...made, ids: made.images.map((image: any) => image.documentId as string) };
}

const stages = async (documentId: string) =>
  (await strapi.db.query(GALLERY).findMany({ where: { documentId }, select: ['stage', 'publishedAt'] }))
    .map((row: any) => [row.publishedAt ? 'published' : 'draft', row.stage])
    .sort();

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi('deadlines', smtpEnv(smtp, { STUDIO_NOTIFY_EMAIL: 'studio@studio.test', STUDIO_NAME: 'Lumen Studio', CRON_ENABLED: 'false' }));
  strapi = booted.strapi;
  fileId = (await uploadFile(strapi, await makeJpeg(29), 'deadline.jpg')).id;
  worker = await startStrapiWorker(booted.database.env);
});

afterAll(async () => {
  await worker?.stop();
  await booted?.stop();
  await smtp?.stop();
});

describe('deadlines', () => {
  describe('on each request', () => {
    it('treats a proofing gallery past its deadline as locked before any task ran, yet shows the client their own choices', async () => {
      const { gallery, ids } = await proofing(isoDay(3));
      const { token } = await makeLink(strapi, gallery.documentId, { recipientEmail: 'late@client.test' });
      expect((await http().put(`/api/share/${token}/selection/${ids[0]}`)).status).toBe(200);
      expect((await http().put(`/api/share/${token}/favourites/${ids[1]}`)).status).toBe(200);
      expect((await http().post(`/api/share/${token}/comments`).send({ body: 'On time' })).status).toBe(201);

      await strapi.db.query(GALLERY).updateMany({ where: { documentId: gallery.documentId }, data: { deadline: isoDay(-1) } });
      const view = await http().get(`/api/share/${token}`);
      expect(view.body.data).toMatchObject({ status: 'locked', link: { can: { own: true, select: false, favourite: false, comment: false } } });
      expect((await http().put(`/api/share/${token}/selection/${ids[2]}`)).body.error).toMatchObject({
        status: 403,
        details: { reason: 'the gallery is locked' },
      });
      expect((await http().post(`/api/share/${token}/selection/confirm`)).status).toBe(403);
      expect((await http().put(`/api/share/${token}/favourites/${ids[2]}`)).status).toBe(403);
      expect((await http().post(`/api/share/${token}/comments`).send({ body: 'Too late' })).status).toBe(403);
      // Read-only, but theirs: selection, favourites and thread are still shown.
      expect((await http().get(`/api/share/${token}/selection`)).body.data).toMatchObject({ items: [{ id: ids[0] }], open: false });
      expect((await http().get(`/api/share/${token}/images?favourites=true`)).body.data.map((i: any) => i.id)).toEqual([ids[1]]);
      expect((await http().get(`/api/share/${token}/comments`)).body.data).toMatchObject({ open: false, comments: [{ body: 'On time' }] });
      // Nothing was written by the request: the stored stage is the task's to flip.
      expect(await stages(gallery.documentId)).toEqual([
        ['draft', 'proofing'],
        ['published', 'proofing'],
      ]);
    });

    it('keeps the deadline day itself open (it passes at the end of the day, UTC)', async () => {
      const { gallery } = await proofing(isoDay(0));
      const { token } = await makeLink(strapi, gallery.documentId, { recipientEmail: 'today@client.test' });
      expect((await http().get(`/api/share/${token}`)).body.data.status).toBe('proofing');
    });
  });

  describe('the auto-lock task', () => {
    it('flips the stored stage after the deadline day, once, and tells the studio once, across two processes', async () => {
      const { gallery } = await proofing('2030-01-10');
      const notices = () => smtp.messages.filter((m) => m.subject.includes('Deadline passed') && m.subject.includes(`Deadline ${sequence} gallery`));

      expect(await deadlines().lockPassed(at('2030-01-10T23:59:00Z'))).not.toContain(gallery.documentId);
      expect(await stages(gallery.documentId)).toEqual([
        ['draft', 'proofing'],
        ['published', 'proofing'],
      ]);

      const now = at('2030-01-11T00:00:30Z');
      const results = await Promise.all([
        deadlines().lockPassed(now),
        worker.call<string[]>('plugin::client-gallery.deadline', 'lockPassed', now),
        deadlines().lockPassed(now),
      ]);
      expect(results.flat().filter((id) => id === gallery.documentId)).toHaveLength(1);
      expect(await stages(gallery.documentId)).toEqual([
        ['draft', 'locked'],
        ['published', 'locked'],
      ]);

      await smtp.waitFor((m) => notices().includes(m));
      const events = await strapi.db
        .query('plugin::client-gallery.activity-event')
        .findMany({ where: { gallery: { documentId: gallery.documentId }, milestone: 'deadline-passed' } });
      expect(events).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(notices()).toHaveLength(1);
    });

    it('leaves galleries that are not proofing, unpublished or without a deadline alone', async () => {
      const ready = await proofing('2030-02-01');
      await strapi.db.query(GALLERY).updateMany({ where: { documentId: ready.gallery.documentId }, data: { stage: 'ready' } });
      const draftOnly = await makeGallery(strapi, 'Deadline draft', fileId, { publish: false, deadline: '2030-02-01' });
      const flipped = await deadlines().lockPassed(at('2030-03-01T00:00:00Z'));
      expect(flipped).not.toContain(ready.gallery.documentId);
      expect(flipped).not.toContain(draftOnly.gallery.documentId);
      expect(await stages(ready.gallery.documentId)).toEqual([
        ['draft', 'ready'],
        ['published', 'ready'],
      ]);
      expect(await stages(draftOnly.gallery.documentId)).toEqual([['draft', 'proofing']]);
    });
  });

  describe('reminders', () => {
    it('mails private recipients who have not confirmed, 3 and 1 days before, each once per link across processes', async () => {
      const { gallery, ids } = await proofing('2040-03-10');
      const waiting = await makeLink(strapi, gallery.documentId, { recipientEmail: 'waiting@client.test', recipientName: 'Wanda' });
      const done = await makeLink(strapi, gallery.documentId, { recipientEmail: 'done@client.test' });
      const revoked = await makeLink(strapi, gallery.documentId, { recipientEmail: 'gone@client.test' });
      await makeLink(strapi, gallery.documentId, { kind: 'general' });
      await http().put(`/api/share/${done.token}/selection/${ids[0]}`);
      expect((await http().post(`/api/share/${done.token}/selection/confirm`)).status).toBe(201);
      await strapi.plugin('client-gallery').service('share-link').revoke(revoked.link.documentId);
      const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('Reminder:'));

      // Four days and more before: nothing is due.
      expect(await deadlines().sendReminders(at('2040-03-07T09:00:00Z'))).toEqual([]);

      const threeDays = at('2040-03-08T09:00:00Z');
      const sent = await Promise.all([
        deadlines().sendReminders(threeDays),
        worker.call<string[]>('plugin::client-gallery.deadline', 'sendReminders', threeDays),
      ]);
      expect(sent.flat()).toEqual([`${waiting.link.documentId}:3`]);
      const first = await smtp.waitFor((m) => mailsTo('waiting@client.test').includes(m));
      // (The test mail reader may double a space where an encoded subject word breaks.)
      expect(first.subject.replace(/\s+/g, ' ')).toBe('Reminder: 3 days left to confirm your selection – Deadline ' + sequence + ' gallery');
      expect(first.text).toContain('Hello Wanda');
      // Its link opens the gallery (a signed access token: the link token itself is never stored).
      expect((await http().get(`/api/share/${tokenFromMail(first)}`)).status).toBe(200);
      expect(await deadlines().sendReminders(at('2040-03-08T18:00:00Z'))).toEqual([]);

      const oneDay = at('2040-03-10T09:00:00Z');
      const sentAgain = await Promise.all([
        deadlines().sendReminders(oneDay),
        worker.call<string[]>('plugin::client-gallery.deadline', 'sendReminders', oneDay),
      ]);
      expect(sentAgain.flat()).toEqual([`${waiting.link.documentId}:1`]);
      await smtp.waitFor(() => mailsTo('waiting@client.test').length === 2);
      expect(mailsTo('waiting@client.test').map((m) => m.subject.slice(0, 20))).toEqual(['Reminder: 3 days lef', 'Reminder: 1 day left']);
      expect(mailsTo('done@client.test')).toHaveLength(0);
      expect(mailsTo('gone@client.test')).toHaveLength(0);
      // The deadline has passed: no more reminders.
      expect(await deadlines().sendReminders(at('2040-03-11T09:00:00Z'))).toEqual([]);
    });

    it('sends only the nearest reminder when the task missed the earlier one', async () => {
      const { gallery } = await proofing('2041-05-20');
      await makeLink(strapi, gallery.documentId, { recipientEmail: 'late-task@client.test' });
      const sent = await deadlines().sendReminders(at('2041-05-20T08:00:00Z'));
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/:1$/);
      expect(await deadlines().sendReminders(at('2041-05-20T09:00:00Z'))).toEqual([]);
      await smtp.waitFor((m) => m.to.includes('late-task@client.test'));
      expect(smtp.messages.filter((m) => m.to.includes('late-task@client.test'))).toHaveLength(1);
    });
  });
});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { tokenFromMail, type TestSmtp } from '../helpers/smtp';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import type { ProfileBoot } from '../helpers/profiles';
import { useProfile } from '../helpers/shared-boot';

/**
 * Deadlines that act: past the deadline a proofing gallery behaves as locked on every
 * request; a scheduled task flips the stored stage and tells the studio once; reminders go N days
 * before to recipients who have not confirmed, once per link and reminder, across processes.
 * The scheduled work is driven here with a controlled clock (cron is off).
 */
const GALLERY = 'plugin::client-gallery.gallery';
let booted: ProfileBoot;
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
  booted = await useProfile('smtp');
  smtp = booted.smtp!;
  strapi = booted.strapi;
  fileId = (await uploadFile(strapi, await makeJpeg(29), 'deadline.jpg')).id;
  worker = await startStrapiWorker(booted.env);
});

afterAll(async () => {
  await worker?.stop();
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

  describe('reminders set per gallery', () => {
    const remindedTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email) && m.subject.startsWith('Reminder:'));

    it("follows a gallery's own days instead of the plugin's, each once per link across processes", async () => {
      // Own days 10 and 2; the plugin default (3, 1) does not apply to this gallery.
      const { gallery } = await proofing('2042-06-20', { reminderDays: [10, 2] });
      const own = await makeLink(strapi, gallery.documentId, { recipientEmail: 'own-days@client.test' });
      const on = async (iso: string) =>
        (await Promise.all([deadlines().sendReminders(at(iso)), worker.call<string[]>('plugin::client-gallery.deadline', 'sendReminders', at(iso))]))
          .flat()
          .filter((sent) => sent.startsWith(own.link.documentId));

      expect(await on('2042-06-09T09:00:00Z')).toEqual([]); // 12 days left
      expect(await on('2042-06-11T09:00:00Z')).toEqual([`${own.link.documentId}:10`]);
      expect(await on('2042-06-11T21:00:00Z')).toEqual([]);
      expect(await on('2042-06-18T09:00:00Z')).toEqual([]); // 3 days left: the default's day, not this gallery's
      expect(await on('2042-06-19T09:00:00Z')).toEqual([`${own.link.documentId}:2`]);
      expect(await on('2042-06-20T09:00:00Z')).toEqual([]); // 1 day left: not one of its days either
      await smtp.waitFor(() => remindedTo('own-days@client.test').length === 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      // Which reminders arrived, each once; not their order: two processes' outbox senders deliver side by side.
      expect(remindedTo('own-days@client.test').map((m) => m.subject.replace(/\s+/g, ' ').slice(0, 21)).sort()).toEqual([
        'Reminder: 10 days lef',
        'Reminder: 2 days left',
      ]);
    });

    it('sends nothing for a gallery whose reminders are off, and the default again once they are back on', async () => {
      const { gallery } = await proofing('2043-02-10', { remindersEnabled: false, reminderDays: [5] });
      const quiet = await makeLink(strapi, gallery.documentId, { recipientEmail: 'quiet@client.test' });
      const mine = (sent: string[]) => sent.filter((entry) => entry.startsWith(quiet.link.documentId));
      for (const iso of ['2043-02-06T09:00:00Z', '2043-02-08T09:00:00Z', '2043-02-10T09:00:00Z']) {
        expect(mine(await deadlines().sendReminders(at(iso)))).toEqual([]);
      }
      expect(await strapi.db.query('plugin::client-gallery.activity-event').count({ where: { link: { id: quiet.link.id }, type: 'reminder-sent' } })).toBe(0);

      // Back on, with its days cleared: the plugin's 3 and 1 apply.
      await strapi.db.query(GALLERY).updateMany({ where: { documentId: gallery.documentId }, data: { remindersEnabled: true, reminderDays: null } });
      expect(mine(await deadlines().sendReminders(at('2043-02-05T09:00:00Z')))).toEqual([]); // 6 days left: 5 is no longer a day
      expect(mine(await deadlines().sendReminders(at('2043-02-08T09:00:00Z')))).toEqual([`${quiet.link.documentId}:3`]);
      await smtp.waitFor((m) => m.to.includes('quiet@client.test'));
      expect(remindedTo('quiet@client.test')).toHaveLength(1);
    });

    it('reaches a gallery behind more than one page (500) of nearer deadlines', async () => {
      // 600 published proofing galleries due sooner, none with a recipient; then one due in 40 days with its own day 40.
      const { gallery } = await proofing('2045-03-11', { reminderDays: [40] });
      const far = await makeLink(strapi, gallery.documentId, { recipientEmail: 'far-behind@client.test' });
      const nearer = Array.from({ length: 600 }, (_, i) => ({
        documentId: `nearer${String(i).padStart(4, '0')}`,
        title: `Nearer ${i}`,
        stage: 'proofing',
        selectionAllowed: true,
        deadline: `2045-02-${String(1 + (i % 28)).padStart(2, '0')}`,
        publishedAt: new Date(),
      }));
      for (let i = 0; i < nearer.length; i += 100) await strapi.db.query(GALLERY).createMany({ data: nearer.slice(i, i + 100) });
      try {
        const sent = await deadlines().sendReminders(at('2045-01-31T09:00:00Z')); // 40 days to the end of the deadline day
        expect(sent).toEqual([`${far.link.documentId}:40`]);
      } finally {
        await strapi.db.query(GALLERY).deleteMany({ where: { documentId: { $startsWith: 'nearer' } } });
      }
    });

    it('treats galleries from before the option (both fields null) as on, with the default', async () => {
      const { gallery } = await proofing('2044-09-15');
      await strapi.db.query(GALLERY).updateMany({ where: { documentId: gallery.documentId }, data: { remindersEnabled: null, reminderDays: null } });
      const legacy = await makeLink(strapi, gallery.documentId, { recipientEmail: 'legacy@client.test' });
      const sent = await deadlines().sendReminders(at('2044-09-13T09:00:00Z'));
      expect(sent).toContain(`${legacy.link.documentId}:3`);
    });

    it('refuses a bad schedule from any writer (Document Service, as REST and the Content Manager use it), saving nothing', async () => {
      const { gallery } = await proofing('2045-01-01', { reminderDays: [7] });
      for (const reminderDays of [[], [0], [61], [2.5], [3, 3], [1, 2, 3, 4, 5, 6], ['3'], 'soon', { days: 3 }]) {
        await expect(strapi.documents(GALLERY).update({ documentId: gallery.documentId, data: { reminderDays } as any })).rejects.toThrow(/reminderDays/);
      }
      await expect(strapi.documents(GALLERY).create({ data: { title: 'Bad reminders', reminderDays: [90] } as any })).rejects.toThrow(/reminderDays/);
      expect(await strapi.db.query(GALLERY).count({ where: { title: 'Bad reminders' } })).toBe(0);
      const rows = await strapi.db.query(GALLERY).findMany({ where: { documentId: gallery.documentId }, select: ['reminderDays'] });
      expect(rows.map((row: any) => row.reminderDays)).toEqual([[7], [7]]);
    });
  });
});

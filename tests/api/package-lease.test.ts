import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { makeGallery, makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, type TestSmtp } from '../helpers/smtp';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';

/**
 * Package preparation runs under a lease its worker renews, on any number of instances: a live
 * preparation is never taken over, a dead one is taken over once, and the "ready" mail goes out
 * once, on the one preparing → ready transition. The stale time is 1.2 s here (renewed every
 * 0.4 s), so a preparation of a few seconds is long enough for takeover attempts to be real.
 */
const PACKAGE = 'plugin::client-gallery.download-package';
const SERVICE = 'plugin::client-gallery.download-package';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let worker: StrapiWorker;
let fileId: number;

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi('package-lease', smtpEnv(smtp, { STUDIO_NOTIFY_EMAIL: '', PACKAGE_PREPARATION_STALE_MINUTES: '0.02', CRON_ENABLED: 'false' }));
  strapi = booted.strapi;
  fileId = (await uploadFile(strapi, await makeJpeg(71, 2400, 1600), 'lease.jpg')).id;
  worker = await startStrapiWorker(booted.database.env);
});

afterAll(async () => {
  await worker?.stop();
  await booted?.stop();
  await smtp?.stop();
});

const readyMails = (to: string) => smtp.messages.filter((m) => m.to.includes(to) && /ready/i.test(m.subject));

/** Both instances run the stale sweep every 150 ms until `done` settles. */
async function sweepBothWhile<T>(done: Promise<T>) {
  let finished = false;
  const sweeps: Promise<unknown>[] = [];
  void done.finally(() => (finished = true));
  while (!finished) {
    sweeps.push(worker.call(SERVICE, 'resumeStale'), strapi.service(SERVICE).resumeStale());
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await Promise.all(sweeps);
  return done;
}

async function waitForStatus(documentId: string, status: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await strapi.db.query(PACKAGE).findOne({ where: { documentId } });
    if (row?.status === status) return row;
    if (Date.now() > deadline) throw new Error(`package ${documentId} stayed ${row?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('package preparation lease', () => {
  it('is never taken over while its worker is alive, and mails "ready" once', async () => {
    // Enough photos that preparing them outlasts several stale periods (1.2 s) on any machine.
    const { gallery } = await makeGallery(strapi, 'Lease alive', fileId, { status: 'ready', images: 24 });
    const email = 'alive@client.test';
    const { token } = await makeLink(strapi, gallery.documentId, { recipientEmail: email, downloadsEnabled: true, resolutions: ['high'], watermark: true });
    const ordered = await request(booted.baseUrl).post(`/api/share/${token}/packages`).send({ resolution: 'high' });
    expect(ordered.status).toBe(202);
    const owner = (await strapi.db.query(PACKAGE).findOne({ where: { documentId: ordered.body.data.id } })).leaseOwner;

    const started = Date.now();
    const ready = await sweepBothWhile(waitForStatus(ordered.body.data.id, 'ready'));
    // The preparation outlived several stale periods, so the sweeps really had a chance to take it.
    expect(Date.now() - started).toBeGreaterThan(1200);
    expect(ready.status).toBe('ready');
    await strapi.service(SERVICE).settled();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await strapi.db.query(PACKAGE).findOne({ where: { id: ready.id } })).readyMailedAt).not.toBeNull();
    expect(readyMails(email)).toHaveLength(1);
    expect(owner).toMatch(new RegExp(`^${process.pid}\\.`));
  });

  it('is taken over once when its worker died, by whichever instance claims it first, and mails "ready" once', async () => {
    const { gallery } = await makeGallery(strapi, 'Lease dead', fileId, { status: 'ready', images: 4 });
    const email = 'dead@client.test';
    const { token } = await makeLink(strapi, gallery.documentId, { recipientEmail: email, downloadsEnabled: true, resolutions: ['web'] });
    const ordered = await request(booted.baseUrl).post(`/api/share/${token}/packages`).send({ resolution: 'web' });
    await strapi.service(SERVICE).settled();
    // The first "ready" mail is delivered by the outbox after the package is ready: count from after it.
    await smtp.waitFor((m) => m.to.includes(email) && /ready/i.test(m.subject));
    await strapi.plugin('client-gallery').service('mail-outbox').settled();
    // As if its instance had died mid-way: back to preparing, under an owner nobody renews.
    const row = await strapi.db.query(PACKAGE).findOne({ where: { documentId: ordered.body.data.id } });
    await strapi.db.query(PACKAGE).update({ where: { id: row.id }, data: { status: 'preparing', readyAt: null, readyMailedAt: null, leaseOwner: 'dead.instance', preparingSince: new Date(Date.now() - 3600_000) } });
    const mailsBefore = readyMails(email).length;

    await Promise.all([worker.call(SERVICE, 'resumeStale'), strapi.service(SERVICE).resumeStale(), worker.call(SERVICE, 'resumeStale')]);
    const ready = await waitForStatus(ordered.body.data.id, 'ready');
    await strapi.service(SERVICE).settled();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(ready.leaseOwner).toBeNull();
    expect(readyMails(email).length - mailsBefore).toBe(1);
  });

  it('stops a worker that lost its lease: it neither marks the package ready nor mails', async () => {
    const { gallery } = await makeGallery(strapi, 'Lease lost', fileId, { status: 'ready', images: 2 });
    const email = 'lost@client.test';
    const { token } = await makeLink(strapi, gallery.documentId, { recipientEmail: email, downloadsEnabled: true, resolutions: ['web'] });
    const ordered = await request(booted.baseUrl).post(`/api/share/${token}/packages`).send({ resolution: 'web' });
    await strapi.service(SERVICE).settled();
    const row = await strapi.db.query(PACKAGE).findOne({ where: { documentId: ordered.body.data.id } });
    await strapi.db.query(PACKAGE).update({ where: { id: row.id }, data: { status: 'preparing', readyAt: null, leaseOwner: 'someone.else', preparingSince: new Date() } });
    const mailsBefore = readyMails(email).length;

    await strapi.service(SERVICE).prepare(row.id, 'not.the.owner');
    const after = await strapi.db.query(PACKAGE).findOne({ where: { id: row.id } });
    expect([after.status, after.leaseOwner]).toEqual(['preparing', 'someone.else']);
    expect(readyMails(email).length).toBe(mailsBefore);
  });
});

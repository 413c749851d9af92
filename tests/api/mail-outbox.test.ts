import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, type TestSmtp } from '../helpers/smtp';

/**
 * The outbox (services/mail/mail-outbox.ts) across processes: every mail is a row written with the
 * change that causes it, and a leased sender delivers each once, however many processes send at
 * once, after a refusing mail server accepts again. Its own boot (a mail server that refuses on
 * demand, retry settings of its own) and a second process. Backoff, give-up, the studio's view
 * and atomicity: mail-outbox-retries.test.ts.
 */
const OUTBOX = 'plugin::client-gallery.outbox-mail';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let worker: StrapiWorker;
let general: { token: string; link: any };
const http = () => request(strapi.server.httpServer);
const outbox = () => strapi.plugin('client-gallery').service('mail-outbox');
const rowsTo = (prefix: string) => strapi.db.query(OUTBOX).findMany({ where: { recipient: { $startsWith: prefix } }, orderBy: { id: 'asc' } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi('mail-outbox', smtpEnv(smtp, { MAIL_MAX_ATTEMPTS: '6', MAIL_RETRY_BASE_SECONDS: '1', MAIL_RETRY_MAX_SECONDS: '2' }));
  strapi = booted.strapi;
  const file = await uploadFile(strapi, await makeJpeg(11), 'outbox.jpg');
  const gallery = await makeGallery(strapi, 'Olga Outbox', file.id);
  general = await makeLink(strapi, gallery.gallery.documentId, { kind: 'general' });
});

afterAll(async () => {
  smtp.refusing = false;
  await worker?.stop();
  await booted?.stop();
  await smtp?.stop();
});

describe('the outbox across processes', () => {
  it('delivers every mail exactly once across two processes once a refusing server accepts again', async () => {
    worker = await startStrapiWorker(booted.env);
    smtp.refusing = true;
    const workerHttp = request(`http://127.0.0.1:${worker.port}`);
    const addresses = Array.from({ length: 10 }, (_, i) => `once-${i}@client.test`);
    // Claims through both processes: each writes its mail in the claim's transaction and kicks its own sender.
    const answers = await Promise.all(addresses.map((email, i) => (i % 2 ? workerHttp : http()).post(`/api/share/${general.token}/claim`).send({ email })));
    expect(answers.map((res) => res.status)).toEqual(addresses.map(() => 201));
    await Promise.all([outbox().settled(), worker.call('plugin::client-gallery.mail-outbox', 'settled')]);
    // A sender run may fail as a whole (a busy database under load): the next run takes its rows. Exactly once is what counts.
    const sendBoth = () =>
      Promise.all([outbox().deliverDue().catch(() => 0), worker.call('plugin::client-gallery.mail-outbox', 'deliverDue').catch(() => 0), outbox().deliverDue().catch(() => 0)]);
    let rows = await rowsTo('once-');
    expect(rows).toHaveLength(10); // one row per claim, none lost
    // Every mail is tried and refused at least once while the server refuses (the kicks did most; these runs do the rest).
    // Waits for the refusal to be written too: a row counts its attempt when a sender takes it, and
    // its error when that sender's try ends, which on a busy machine can be a moment later.
    const refused = (row: any) => row.status === 'pending' && row.attempts >= 1 && Boolean(row.lastError);
    for (let round = 0; round < 20 && !rows.every(refused); round += 1) {
      await sendBoth();
      await sleep(250);
      rows = await rowsTo('once-');
    }
    expect(rows.every(refused)).toBe(true);
    expect(smtp.messages.filter((m) => m.to.some((to) => to.startsWith('once-')))).toHaveLength(0);

    smtp.refusing = false;
    // Both processes send at once, again and again, until every row is sent (the waits are 1-2 s).
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      await sendBoth();
      rows = await rowsTo('once-');
      if (rows.every((row: any) => row.status === 'sent')) break;
      await sleep(150);
    }
    await sleep(300);
    for (const address of addresses) expect(smtp.messages.filter((m) => m.to.includes(address))).toHaveLength(1);
    expect(rows.map((row: any) => row.status)).toEqual(addresses.map(() => 'sent'));
    // A sent mail keeps no body: its link lives only in the recipient's inbox.
    expect(rows.every((row: any) => row.textBody === null && row.htmlBody === null)).toBe(true);
    expect(smtp.refused).toBeGreaterThanOrEqual(10);
  });

});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, tokenFromMail, type TestSmtp } from '../helpers/smtp';

/** POST /api/share/:token/claim: a general link's visitor gets exactly one private link per email. */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let gallery: Awaited<ReturnType<typeof makeGallery>>;
let general: { token: string; link: any };
const http = () => request(strapi.server.httpServer);
const GENERAL_SETTINGS = {
  watermark: false,
  downloadsEnabled: true,
  downloadLimit: 5,
  resolutions: ['web', 'high'],
  downloadsWatermarked: true,
  keepMetadata: false,
  expiresAt: '2030-01-01T00:00:00.000Z',
};

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi('share-claim', smtpEnv(smtp, { STUDIO_NOTIFY_EMAIL: 'studio@studio.test', STUDIO_NAME: 'Lumen Studio' }));
  strapi = booted.strapi;
  const file = await uploadFile(strapi, await makeJpeg(5), 'claim.jpg');
  gallery = await makeGallery(strapi, 'Greta General', file.id);
  general = await makeLink(strapi, gallery.gallery.documentId, { kind: 'general', ...GENERAL_SETTINGS });
});

afterAll(async () => {
  await booted?.stop();
  await smtp?.stop();
});

describe('claim', () => {
  it('asks for an email before the first favourite on a general link', async () => {
    const res = await http().put(`/api/share/${general.token}/favourites/${gallery.images[0].documentId}`);
    expect([res.status, res.body.error.name]).toEqual([403, 'ClaimRequiredError']);
    expect(res.body.error.details).toEqual({ claim: 'POST /api/share/:token/claim' });
  });

  it('refuses a malformed email with 400 and a claim through a private link with 409', async () => {
    expect((await http().post(`/api/share/${general.token}/claim`).send({ email: 'not-an-email' })).status).toBe(400);
    const privateLink = await makeLink(strapi, gallery.gallery.documentId, { recipientEmail: 'already@client.test' });
    expect((await http().post(`/api/share/${privateLink.token}/claim`).send({ email: 'x@client.test' })).status).toBe(409);
  });

  it('creates exactly one private link for 20 concurrent claims of one email, with the general link\'s settings', async () => {
    const spellings = ['Zoe@Client.test', 'zoe@client.test', ' ZOE@CLIENT.TEST '];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => http().post(`/api/share/${general.token}/claim`).send({ email: spellings[i % spellings.length] })),
    );
    // Every answer is the same: nothing tells the first claim from the 19 others.
    expect(results.map((res) => res.status)).toEqual(results.map(() => 201));
    for (const res of results) expect(res.body).toEqual({ data: { token: expect.any(String), emailed: true } });

    const rows = await strapi.db
      .query('plugin::client-gallery.share-link')
      .findMany({ where: { recipientEmail: 'zoe@client.test' }, populate: { createdFrom: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'private', ...GENERAL_SETTINGS, expiresAt: expect.anything(), downloadsUsed: 0, revokedAt: null });
    expect(new Date(rows[0].expiresAt).toISOString()).toBe(GENERAL_SETTINGS.expiresAt);
    expect(rows[0].createdFrom.id).toBe(general.link.id);

    // Every browser continues on a private link of its own with the general link's settings; the address's own link is one of them.
    const tokens = new Set(results.map((res) => res.body.data.token));
    expect(tokens.size).toBe(20);
    for (const token of tokens) {
      const view = await http().get(`/api/share/${token}`);
      expect(view.status).toBe(200);
      expect(view.body.data.link).toMatchObject({ kind: 'private', settings: { watermark: false, downloadsEnabled: true, resolutions: ['web', 'high'] } });
    }
  });

  it('answers a claim of an address that already has a link exactly like one of a new address, and never hands over that link', async () => {
    const invited = await makeLink(strapi, gallery.gallery.documentId, { recipientEmail: 'known@client.test', recipientName: 'Kim Known' });
    const image = gallery.images[0].documentId;
    expect((await http().put(`/api/share/${invited.token}/favourites/${image}`)).status).toBe(200);

    const known = await http().post(`/api/share/${general.token}/claim`).send({ email: 'Known@Client.test' });
    const fresh = await http().post(`/api/share/${general.token}/claim`).send({ email: 'fresh@client.test' });
    for (const res of [known, fresh]) {
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ data: { token: expect.any(String), emailed: true } });
      expect(Object.keys(res.headers).sort()).toEqual(Object.keys(fresh.headers).sort());
    }
    // What each browser gets behaves the same: a private link, with no favourites yet. The recipient's favourites stay theirs.
    for (const res of [known, fresh]) {
      const view = await http().get(`/api/share/${res.body.data.token}`);
      expect(view.body.data.link).toMatchObject({ kind: 'private', can: { favourite: true } });
      const favourites = await http().get(`/api/share/${res.body.data.token}/images?favourites=true`);
      expect(favourites.body.data).toEqual([]);
    }
    expect((await http().get(`/api/share/${invited.token}/images?favourites=true`)).body.data.map((i: any) => i.id)).toEqual([image]);
    // The recipient's own link is untouched (its token still works) and its owner is mailed a way in.
    expect((await http().get(`/api/share/${invited.token}`)).status).toBe(200);
    const wayIn = await smtp.waitFor((m) => m.to.includes('known@client.test') && /works until/.test(m.text));
    expect((await http().get(`/api/share/${encodeURIComponent(tokenFromMail(wayIn))}`)).status).toBe(200);
    await smtp.waitFor((m) => m.to.includes('fresh@client.test'));
  });

  it('with share.claimVerification on, mails the link and hands the browser nothing, for a new and a known address alike', async () => {
    strapi.config.set('plugin::client-gallery.share.claimVerification', true); // read per request, like every share setting
    try {
      const before = await strapi.db.query('plugin::client-gallery.share-link').count({ where: { createdFrom: { id: general.link.id } } });
      const fresh = await http().post(`/api/share/${general.token}/claim`).send({ email: 'verify@client.test' });
      const again = await http().post(`/api/share/${general.token}/claim`).send({ email: 'verify@client.test' });
      for (const res of [fresh, again]) expect([res.status, res.body]).toEqual([202, { data: { token: null, emailed: true } }]);
      // Only the address's own link was made; the repeated claim made none.
      expect(await strapi.db.query('plugin::client-gallery.share-link').count({ where: { createdFrom: { id: general.link.id } } })).toBe(before + 1);
      const mailed = await smtp.waitFor((m) => m.to.includes('verify@client.test') && !/works until/.test(m.text));
      const view = await http().get(`/api/share/${tokenFromMail(mailed)}`);
      expect([view.status, view.body.data.link.kind]).toEqual([200, 'private']);
      await smtp.waitFor((m) => m.to.includes('verify@client.test') && /works until/.test(m.text));
    } finally {
      strapi.config.set('plugin::client-gallery.share.claimVerification', false);
    }
  });

  it('mails the new private link, and for a repeated claim a time-limited way in (never a new token, never a flood)', async () => {
    const mails = () => smtp.messages.filter((m) => m.to.includes('zoe@client.test'));
    const first = await smtp.waitFor((m) => m.to.includes('zoe@client.test') && !/works until/.test(m.text));
    expect(first.html).toContain('/g/');
    expect((await http().get(`/api/share/${tokenFromMail(first)}`)).status).toBe(200);

    const again = await smtp.waitFor((m) => m.to.includes('zoe@client.test') && /works until/.test(m.text));
    const viaAccessLink = await http().get(`/api/share/${encodeURIComponent(tokenFromMail(again))}`);
    expect(viaAccessLink.status).toBe(200);
    // 1 new-link mail + at most SHARE_CLAIM_MAILS_PER_WINDOW (3) access mails for 19 repeated claims.
    await new Promise((r) => setTimeout(r, 300));
    expect(mails().length).toBeLessThanOrEqual(4);
  });

  it('lets the private link favourite, records the claim and the first favourites, and tells the studio', async () => {
    const claimed = await http().post(`/api/share/${general.token}/claim`).send({ email: 'yves@client.test' });
    expect(claimed.status).toBe(201);
    const token = claimed.body.data.token;
    // The claim's mail is delivered after the answer; its activity ("invitation-sent") comes with it.
    await smtp.waitFor((m) => m.to.includes('yves@client.test'));
    await strapi.plugin('client-gallery').service('mail-outbox').settled();
    const image = gallery.images[1].documentId;
    expect((await http().put(`/api/share/${token}/favourites/${image}`)).body.data).toEqual({ id: image, favourite: true });
    expect((await http().put(`/api/share/${token}/favourites/${image}`)).status).toBe(200); // idempotent
    expect((await http().put(`/api/share/${token}/favourites/${gallery.images[2].documentId}`)).status).toBe(200);

    const link = await strapi.plugin('client-gallery').service('share-link').findPrivate(gallery.gallery.documentId, 'yves@client.test');
    const events = await strapi.db.query('plugin::client-gallery.activity-event').findMany({ where: { link: { id: link.id } }, orderBy: { id: 'asc' } });
    expect(events.map((e: any) => [e.type, e.milestone])).toEqual([
      ['access-claimed', null],
      ['invitation-sent', null],
      ['favourite', 'first-favourites'],
      ['favourite', null],
    ]);
    const favourites = await strapi.db.query('plugin::client-gallery.favourite').count({ where: { link: { id: link.id } } });
    expect(favourites).toBe(2);
    const notice = await smtp.waitFor((m) => m.to.includes('studio@studio.test') && /favourites/.test(m.subject) && m.text.includes('yves@client.test'));
    expect(notice.text).toContain('started a favourites list');
  });

  it('refuses claims past the per-address limit with 429 and Retry-After, creating no link and sending no mail', async () => {
    const file = await uploadFile(strapi, await makeJpeg(6), 'flood.jpg');
    const other = await makeGallery(strapi, 'Fred Flood', file.id);
    const floodable = await makeLink(strapi, other.gallery.documentId, { kind: 'general', ...GENERAL_SETTINGS });
    const previous = strapi.config.get('plugin::client-gallery.share.claimsPerAddress');
    strapi.config.set('plugin::client-gallery.share.claimsPerAddress', 3); // read per request, like every share setting
    try {
      const claim = (i: number) => http().post(`/api/share/${floodable.token}/claim`).send({ email: `flood-${i}@client.test` });
      for (let i = 0; i < 3; i += 1) expect((await claim(i)).status).toBe(201);
      const refused = await claim(3);
      expect([refused.status, refused.body.error.name]).toEqual([429, 'TooManyAttemptsError']);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

      expect(await strapi.db.query('plugin::client-gallery.share-link').count({ where: { recipientEmail: { $startsWith: 'flood-' } } })).toBe(3);
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.messages.filter((m) => m.to.includes('flood-3@client.test'))).toHaveLength(0);
      // A private link already handed out keeps working: the limit is on claiming, not on visiting.
      expect((await http().get(`/api/share/${floodable.token}`)).status).toBe(200);
    } finally {
      strapi.config.set('plugin::client-gallery.share.claimsPerAddress', previous);
    }
  });
});

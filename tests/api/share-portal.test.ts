import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, type TestSmtp } from '../helpers/smtp';

/** The client portal: an account sees exactly the galleries shared with its confirmed email. */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
const http = () => request(strapi.server.httpServer);
const g: Record<string, Awaited<ReturnType<typeof makeGallery>>> = {};
const links: Record<string, { token: string; link: any }> = {};
let annJwt: string;

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi('share-portal', smtpEnv(smtp, { STUDIO_NOTIFY_EMAIL: '' }));
  strapi = booted.strapi;
  const file = await uploadFile(strapi, await makeJpeg(11), 'portal.jpg');
  const galleries = ['Mine', 'Bobs', 'GeneralOnly', 'Revoked', 'Unpublished', 'Expired', 'Locked', 'Late'];
  for (const [i, name] of galleries.entries()) {
    // Late: a proofing gallery past its deadline, listed as locked.
    const deadline = name === 'Late' ? '2026-01-10' : undefined;
    g[name] = await makeGallery(strapi, `Portal ${name}`, file.id, { publish: name !== 'Unpublished', status: i === 1 ? 'ready' : 'proofing', deadline });
  }
  links.mine = await makeLink(strapi, g.Mine.gallery.documentId, { recipientEmail: 'ann@client.test' });
  links.bobs = await makeLink(strapi, g.Bobs.gallery.documentId, { recipientEmail: 'bob@client.test' });
  links.general = await makeLink(strapi, g.GeneralOnly.gallery.documentId, { kind: 'general' });
  links.revoked = await makeLink(strapi, g.Revoked.gallery.documentId, { recipientEmail: 'ann@client.test' });
  links.unpublished = await makeLink(strapi, g.Unpublished.gallery.documentId, { recipientEmail: 'ann@client.test' });
  links.expired = await makeLink(strapi, g.Expired.gallery.documentId, { recipientEmail: 'ANN@client.test', expiresAt: '2021-01-01T00:00:00.000Z' });
  links.locked = await makeLink(strapi, g.Locked.gallery.documentId, { recipientEmail: 'ann@client.test', password: 'portal-pass' });
  links.late = await makeLink(strapi, g.Late.gallery.documentId, { recipientEmail: 'ann@client.test' });
  await strapi.plugin('client-gallery').service('share-link').revoke(links.revoked.link.documentId);
});

afterAll(async () => {
  await booted?.stop();
  await smtp?.stop();
});

describe('portal', () => {
  it('requires confirming the email address before an account can log in', async () => {
    const registered = await http().post('/api/auth/local/register').send({ username: 'ann', email: 'ann@client.test', password: 'Portal-Passw0rd' });
    expect(registered.status).toBe(200);
    expect(registered.body.jwt).toBeUndefined();
    expect((await http().post('/api/auth/local').send({ identifier: 'ann@client.test', password: 'Portal-Passw0rd' })).status).toBe(400);

    const mail = await smtp.waitFor((m) => m.to.includes('ann@client.test'));
    const confirmation = /confirmation=([A-Za-z0-9]+)/.exec(mail.text || mail.html)![1];
    expect((await http().get(`/api/auth/email-confirmation?confirmation=${confirmation}`)).status).toBe(302);
    const login = await http().post('/api/auth/local').send({ identifier: 'ann@client.test', password: 'Portal-Passw0rd' });
    expect(login.status).toBe(200);
    annJwt = login.body.jwt;
  });

  it("lists exactly the galleries whose private links name the account's email", async () => {
    const res = await http().get('/api/portal/galleries').set('Authorization', `Bearer ${annJwt}`);
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.data.map((entry: any) => [entry.id, entry]));
    expect(Object.keys(byId).sort()).toEqual([g.Mine, g.Unpublished, g.Expired, g.Locked, g.Late].map((x) => x.gallery.documentId).sort());
    expect(byId[g.Late.gallery.documentId]).toMatchObject({ status: 'locked', available: true, deadline: '2026-01-10' });
    expect(byId[g.Mine.gallery.documentId]).toMatchObject({
      title: 'Portal Mine gallery',
      status: 'proofing',
      available: true,
      client: { name: 'Portal Mine' },
      shootDate: '2026-06-01',
      deadline: '2099-07-15',
      coverThumbUrl: expect.any(String),
      open: { method: 'POST', path: `/api/portal/galleries/${g.Mine.gallery.documentId}/open` },
    });
    for (const unavailable of [g.Unpublished, g.Expired]) {
      expect(byId[unavailable.gallery.documentId]).toMatchObject({ status: 'unavailable', available: false, open: null, coverThumbUrl: null });
    }
    expect(byId[g.Locked.gallery.documentId]).toMatchObject({ available: true, passwordProtected: true, coverThumbUrl: null });
    expect(JSON.stringify(res.body)).not.toMatch(/bob@client\.test|tokenHash|recipientKey|[0-9a-f]{64}/);
  });

  it('opens a gallery with a short-lived access token that works on the share API until the link is revoked', async () => {
    const opened = await http().post(`/api/portal/galleries/${g.Mine.gallery.documentId}/open`).set('Authorization', `Bearer ${annJwt}`);
    expect(opened.status).toBe(200);
    const { token, url, expiresAt } = opened.body.data;
    expect(url).toContain('/g/');
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    expect((await http().get(`/api/share/${token}`)).body.data.title).toBe('Portal Mine gallery');
    expect((await http().get(`/api/share/${token}/images`)).status).toBe(200);
    expect((await http().get(`/api/share/${links.mine.token}`)).status).toBe(200); // the invitation link keeps working

    for (const other of [g.Bobs, g.GeneralOnly, g.Revoked, g.Unpublished, g.Expired]) {
      expect((await http().post(`/api/portal/galleries/${other.gallery.documentId}/open`).set('Authorization', `Bearer ${annJwt}`)).status).toBe(404);
    }

    await strapi.plugin('client-gallery').service('share-link').revoke(links.mine.link.documentId);
    expect((await http().get(`/api/share/${token}`)).status).toBe(404);
    const after = await http().get('/api/portal/galleries').set('Authorization', `Bearer ${annJwt}`);
    expect(after.body.data.map((entry: any) => entry.id)).not.toContain(g.Mine.gallery.documentId);
  });

  it('shows nothing to an unconfirmed account or to anonymous callers', async () => {
    const user = await strapi.db.query('plugin::users-permissions.user').create({
      data: { username: 'bob', email: 'bob@client.test', provider: 'local', confirmed: false, blocked: false, role: 1 },
    });
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    await strapi.db.query('plugin::users-permissions.user').update({ where: { id: user.id }, data: { role: role.id } });
    const jwt = strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
    // users-permissions itself refuses an unconfirmed account's JWT while confirmation is on…
    expect((await http().get('/api/portal/galleries').set('Authorization', `Bearer ${jwt}`)).status).toBe(401);
    // …and the portal checks again, so turning confirmation off never exposes anyone's galleries.
    await expect(
      strapi
        .plugin('client-gallery')
        .service('portal')
        .galleries({ ...user, confirmed: false }),
    ).rejects.toMatchObject({ name: 'EmailNotConfirmedError' });
    expect([401, 403]).toContain((await http().get('/api/portal/galleries')).status);
  });

  it("mails a password-reset link to the portal's reset page (hostSettings.portalPasswordReset), which takes the code once", async () => {
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    await strapi
      .plugin('users-permissions')
      .service('user')
      .add({
        username: 'rex@client.test',
        email: 'rex@client.test',
        password: 'Old-Passw0rd',
        provider: 'local',
        confirmed: true,
        blocked: false,
        role: role.id,
      });
    const advanced = (await strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' }).get({})) as any;
    expect(advanced.email_reset_password).toMatch(/\/portal\/reset-password$/);

    // The same answer whether or not the address has an account; only the account gets a mail.
    const unknown = await http().post('/api/auth/forgot-password').send({ email: 'nobody-here@client.test' });
    const known = await http().post('/api/auth/forgot-password').send({ email: 'rex@client.test' });
    expect([unknown.status, unknown.body, known.status, known.body]).toEqual([200, { ok: true }, 200, { ok: true }]);
    const mail = await smtp.waitFor((m) => m.to.includes('rex@client.test'));
    const code = /\/portal\/reset-password\?code=([0-9a-f]+)/.exec(mail.text || mail.html)![1];
    expect(smtp.messages.some((m) => m.to.includes('nobody-here@client.test'))).toBe(false);

    const reset = await http().post('/api/auth/reset-password').send({ code, password: 'New-Passw0rd', passwordConfirmation: 'New-Passw0rd' });
    expect(reset.status).toBe(200);
    expect((await http().post('/api/auth/reset-password').send({ code, password: 'Other-Passw0rd', passwordConfirmation: 'Other-Passw0rd' })).status).toBe(400);
    // Checked on the stored hash: log-ins here would spend users-permissions' own per-address log-in budget.
    const { password: hash } = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'rex@client.test' } });
    const users = strapi.plugin('users-permissions').service('user');
    expect([await users.validatePassword('Old-Passw0rd', hash), await users.validatePassword('New-Passw0rd', hash)]).toEqual([false, true]);
    // Leave this address's auth counter as the rate-limit tests below expect it.
    await strapi.db.query('plugin::client-gallery.access-attempt').deleteMany({ where: { attemptKey: { $startsWith: 'auth:' } } });
  });

  describe('log-in attempts, counted in the database', () => {
    const withLimits = async (limits: Record<string, number>, run: () => Promise<void>) => {
      const previous = Object.fromEntries(Object.keys(limits).map((key) => [key, strapi.config.get(`plugin::client-gallery.share.${key}`)]));
      for (const [key, value] of Object.entries(limits)) strapi.config.set(`plugin::client-gallery.share.${key}`, value);
      try {
        await run();
      } finally {
        for (const [key, value] of Object.entries(previous)) strapi.config.set(`plugin::client-gallery.share.${key}`, value);
      }
    };
    const logIn = (identifier: string, password: string) => http().post('/api/auth/local').send({ identifier, password });

    it('locks an account after too many failed log-ins (429 + Retry-After, even with the right password), and a success clears the count', async () => {
      await withLimits({ accountLoginAttempts: 3 }, async () => {
        expect((await logIn('ann@client.test', 'wrong-1')).status).toBe(400);
        expect((await logIn('ANN@client.test', 'wrong-2')).status).toBe(400); // one account, however it is spelled
        expect((await logIn('ann@client.test', 'Portal-Passw0rd')).status).toBe(200); // clears the count
        for (let i = 0; i < 3; i += 1) expect((await logIn('ann@client.test', `wrong-again-${i}`)).status).toBe(400);
        const locked = await logIn('ann@client.test', 'Portal-Passw0rd');
        expect([locked.status, locked.body.error?.name]).toEqual([429, 'TooManyAttemptsError']);
        expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
        // Another account is not locked by Ann's counter.
        expect((await logIn('nobody@client.test', 'whatever')).status).toBe(400);
      });
      const counters = await strapi.db.query('plugin::client-gallery.access-attempt').findMany({ where: { attemptKey: 'login:portal:ann@client.test' } });
      expect(counters).toHaveLength(1);
      await strapi.plugin('client-gallery').service('access-attempt').reset('login:portal:ann@client.test');
    });

    it('limits every auth request per client address, admin log-ins included', async () => {
      const used = await strapi.db.query('plugin::client-gallery.access-attempt').findOne({ where: { attemptKey: { $startsWith: 'auth:' } } });
      await withLimits({ accountAttemptsPerAddress: Number(used.hits) + 2 }, async () => {
        expect((await http().post('/api/auth/forgot-password').send({ email: 'someone@client.test' })).status).toBe(200);
        expect((await http().post('/admin/login').send({ email: 'staff@studio.test', password: 'nope' })).status).toBe(400);
        const refused = await http().post('/api/auth/local/register').send({ username: 'spam', email: 'spam@client.test', password: 'Spam-Passw0rd' });
        expect(refused.status).toBe(429);
        expect(await strapi.db.query('plugin::users-permissions.user').count({ where: { email: 'spam@client.test' } })).toBe(0);
      });
    });

    it.each([
      [
        'register',
        '/api/auth/local/register',
        (i: number) => ({ username: `flood-${i}@client.test`, email: `flood-${i}@client.test`, password: 'Flood-Passw0rd' }),
      ],
      ['forgot-password', '/api/auth/forgot-password', () => ({ email: 'rex@client.test' })],
      ['reset-password', '/api/auth/reset-password', () => ({ code: 'not-a-code', password: 'Guess-Passw0rd', passwordConfirmation: 'Guess-Passw0rd' })],
    ] as const)('limits %s per client address in the database: refused requests never reach users-permissions', async (_name, route, bodyOf) => {
      const LIMIT = 3;
      await strapi.db.query('plugin::client-gallery.access-attempt').deleteMany({ where: { attemptKey: { $startsWith: 'auth:' } } });
      await withLimits({ accountAttemptsPerAddress: LIMIT }, async () => {
        for (let i = 0; i < LIMIT; i += 1) expect((await http().post(route).send(bodyOf(i))).status).not.toBe(429);
        const tokenBefore = (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'rex@client.test' } })).resetPasswordToken;
        const refused = await http().post(route).send(bodyOf(LIMIT));
        expect([refused.status, refused.body.error?.name]).toEqual([429, 'TooManyAttemptsError']);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        // users-permissions never ran: no account made, no new reset code.
        expect(await strapi.db.query('plugin::users-permissions.user').count({ where: { email: `flood-${LIMIT}@client.test` } })).toBe(0);
        expect((await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: 'rex@client.test' } })).resetPasswordToken).toBe(tokenBefore);
      });
      // The count is a row in the database (so every process and a restart see it), not process memory.
      const rows = await strapi.db.query('plugin::client-gallery.access-attempt').findMany({ where: { attemptKey: { $startsWith: 'auth:' } } });
      expect(rows.map((row: any) => Number(row.hits))).toEqual([LIMIT + 1]);
      await strapi.db.query('plugin::client-gallery.access-attempt').deleteMany({ where: { attemptKey: { $startsWith: 'auth:' } } });
    });
  });
});

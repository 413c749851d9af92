import fs from 'fs';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { newestMail } from '../helpers/public-pages';
import type { ProfileBoot } from '../helpers/profiles';
import { useProfile } from '../helpers/shared-boot';
import { MAIL_TEMPLATE_KINDS } from '../../src/plugins/client-gallery/shared/mail-texts';

/**
 * The Mails settings page's routes (/client-gallery/mail-templates): the templates with their
 * defaults and the studio's wording, previews from sample data, and saving through the studio
 * settings. Only "Manage client gallery settings" may use them. A saved wording reaches the next
 * real mail (here a claim's, through the outbox into the profile's outbox folder). Whatever this
 * file saves is put back in afterAll (studio settings are the profile's, shared with later files).
 */
const SETTINGS = 'plugin::client-gallery.settings.manage';
let booted: ProfileBoot;
let strapi: Core.Strapi;
let storedBefore: unknown;
let manager: string;
let staff: string;
let general: { token: string };
/** The profile's studio name (the file config's default). */
let STUDIO: string;
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const http = () => request(strapi.server.httpServer);
const store = () => strapi.store({ type: 'plugin', name: 'client-gallery', key: 'settings' });
const as = (token: string) => ({ Authorization: `Bearer ${token}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForMail(to: string, subject: RegExp) {
  const outbox = booted.env.OUTBOX_DIR!;
  for (let i = 0; i < 100; i += 1) {
    // The transport streams the .eml: a file whose headers are written may still lack its parts.
    const mail = newestMail(outbox, to, subject);
    if (mail?.html.includes('</html>')) return mail;
    await sleep(100);
  }
  throw new Error(`no mail to ${to} matching ${subject} in ${outbox}: ${fs.existsSync(outbox) ? fs.readdirSync(outbox).length : 0} files`);
}

beforeAll(async () => {
  booted = await useProfile('default');
  strapi = booted.strapi;
  storedBefore = await store().get({});
  STUDIO = (await strapi.plugin('client-gallery').service('studio-settings').studio()).name;
  manager = (await createAdmin(strapi, [SETTINGS], 'mail-settings')).token;
  staff = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'view-modify')).token;
  const file = await uploadFile(strapi, await makeJpeg(41), 'mail-templates.jpg');
  const { gallery } = await makeGallery(strapi, 'Mira', file.id);
  // A title with markup in it, on the draft and the published row (a client's name makes the fixture's title and email).
  await strapi.db.query('plugin::client-gallery.gallery').updateMany({ where: { documentId: gallery.documentId }, data: { title: 'Mira <Mail> gallery' } });
  general = await makeLink(strapi, gallery.documentId, { kind: 'general' });
});

afterAll(async () => {
  if (!strapi) return;
  if (storedBefore === null) await store().delete({});
  else await store().set({ value: storedBefore });
  await strapi.plugin('client-gallery').service('studio-settings').save({});
});

describe('mail-templates', () => {
  describe('permissions', () => {
    it.each([
      ['GET', '/client-gallery/mail-templates'],
      ['GET', '/client-gallery/mail-templates/claim/preview'],
      ['POST', '/client-gallery/mail-templates/claim/preview'],
      ['PUT', '/client-gallery/mail-templates/claim'],
      ['DELETE', '/client-gallery/mail-templates/claim'],
    ])('%s %s: 401 without an admin, 403 with View and Modify only', async (method, path) => {
      const call = (headers: Record<string, string>) => (http() as any)[method.toLowerCase()](path).set(headers).send(method === 'PUT' ? { subject: 'Hacked' } : undefined);
      expect((await call({})).status).toBe(401);
      expect((await call(as(staff))).status).toBe(403);
    });

    it('leaves the wording unchanged after refused writes', async () => {
      await http().put('/client-gallery/mail-templates/claim').set(as(staff)).send({ subject: 'Hacked' });
      const list = await http().get('/client-gallery/mail-templates').set(as(manager));
      expect(list.body.data.find((t: any) => t.kind === 'claim').saved).toEqual({ subject: null, intro: null });
    });
  });

  describe('refusals', () => {
    it('answers 404 for a kind that does not exist', async () => {
      for (const [method, path] of [
        ['get', '/client-gallery/mail-templates/newsletter/preview'],
        ['post', '/client-gallery/mail-templates/newsletter/preview'],
        ['put', '/client-gallery/mail-templates/newsletter'],
        ['delete', '/client-gallery/mail-templates/newsletter'],
      ]) {
        const res = await (http() as any)[method](path).set(as(manager)).send({});
        expect([method, res.status]).toEqual([method, 404]);
      }
    });

    it.each([
      ['an empty subject', { subject: '' }, /subject/],
      ['a subject of two lines', { subject: 'Two\nlines' }, /one line/],
      ['an unknown placeholder', { subject: 'Hi {galery}' }, /Unknown placeholder \{galery\}/],
      ['an intro of 2001 characters', { intro: 'x'.repeat(2001) }, /intro/],
      ['a control character', { intro: 'bell \u0007' }, /intro/],
      ['a part that is not editable', { heading: 'Not editable' }, /./],
      ['a number', { subject: 42 }, /subject/],
    ])('refuses %s with 400 on save and preview, and stores nothing', async (_what, body, message) => {
      const before = await store().get({});
      const saved = await http().put('/client-gallery/mail-templates/claim').set(as(manager)).send(body);
      expect([saved.status, saved.body.error?.name]).toEqual([400, 'ValidationError']);
      expect(saved.body.error.message).toMatch(message);
      const preview = await http().post('/client-gallery/mail-templates/claim/preview').set(as(manager)).send(body);
      expect(preview.status).toBe(400);
      expect(await store().get({})).toEqual(before);
    });
  });

  it('lists every template with its defaults, placeholders and saved wording', async () => {
    const res = await http().get('/client-gallery/mail-templates').set(as(manager));
    expect(res.status).toBe(200);
    expect(res.body.data.map((t: any) => t.kind)).toEqual([...MAIL_TEMPLATE_KINDS]);
    expect(res.body.data.find((t: any) => t.kind === 'invitation')).toEqual({
      kind: 'invitation',
      audience: 'client',
      placeholders: ['studio', 'gallery'],
      defaults: { subject: '{studio}: your gallery "{gallery}"', intro: '{studio} has shared the gallery "{gallery}" with you.' },
      saved: { subject: null, intro: null },
    });
  });

  it('previews a kind from sample data with unsaved wording, escaped, without saving it', async () => {
    const res = await http()
      .post('/client-gallery/mail-templates/invitation/preview')
      .set(as(manager))
      .send({ subject: 'Unsaved for {gallery}', intro: 'Hello <b>there</b> from {studio}' });
    expect(res.status).toBe(200);
    expect(res.body.data.subject).toBe('Unsaved for Anna & Ben, wedding');
    expect(res.body.data.html).toContain(`Hello &lt;b&gt;there&lt;/b&gt; from ${escape(STUDIO)}`);
    expect(res.body.data.text).toContain(`Hello <b>there</b> from ${STUDIO}`);
    const saved = await http().get('/client-gallery/mail-templates/invitation/preview').set(as(manager));
    expect(saved.body.data.subject).toBe(`${STUDIO}: your gallery "Anna & Ben, wedding"`);
  });

  it('saves a wording that the next real mail carries, and resets it to the default', async () => {
    const save = await http()
      .put('/client-gallery/mail-templates/claim')
      .set(as(manager))
      .send({ subject: 'Your own way into {gallery}', intro: 'Welcome back to {studio}!\nYour link is below.' });
    expect(save.status).toBe(200);
    expect(save.body.data.saved).toEqual({ subject: 'Your own way into {gallery}', intro: 'Welcome back to {studio}!\nYour link is below.' });

    const claimed = await http().post(`/api/share/${general.token}/claim`).send({ email: 'mira@client.test' });
    expect(claimed.status).toBe(201);
    const mail = await waitForMail('mira@client.test', /^Your own way into/);
    expect(mail.subject).toBe('Your own way into Mira <Mail> gallery');
    expect(mail.text).toContain(`Welcome back to ${STUDIO}!\nYour link is below.`);
    expect(mail.html).toContain(`Welcome back to ${escape(STUDIO)}!<br>Your link is below.`);
    expect(mail.html).toContain('Mira &lt;Mail&gt; gallery');
    // The text part holds no markup: the only "<" in it is the title's own, as the studio typed it.
    expect(mail.text.split('Mira <Mail> gallery').join('')).not.toMatch(/<[a-z!/]/i);

    // One key back to its default keeps the other; DELETE puts both back.
    const subjectOnly = await http().put('/client-gallery/mail-templates/claim').set(as(manager)).send({ subject: null });
    expect(subjectOnly.body.data.saved).toEqual({ subject: null, intro: 'Welcome back to {studio}!\nYour link is below.' });
    const reset = await http().delete('/client-gallery/mail-templates/claim').set(as(manager));
    expect(reset.status).toBe(200);
    expect(reset.body.data.saved).toEqual({ subject: null, intro: null });
    const preview = await http().get('/client-gallery/mail-templates/claim/preview').set(as(manager));
    expect(preview.body.data.subject).toBe('Your private link to "Summer portraits"');
  });

  it("sends the portal account's confirmation and reset mails from the templates (the host opts in: hostSettings)", async () => {
    const registered = await http().post('/api/auth/local/register').send({ username: 'pia@client.test', email: 'pia@client.test', password: 'Portal-Passw0rd' });
    expect(registered.status).toBe(200);
    const confirm = await waitForMail('pia@client.test', /^Confirm your account at/);
    expect(confirm.subject).toBe(`Confirm your account at ${STUDIO}`);
    expect(confirm.text).not.toMatch(/<[a-z!/]/i);
    expect(confirm.html).toContain('border-top:6px solid');
    const code = /\/api\/auth\/email-confirmation\?confirmation=([0-9a-f]{40})$/m.exec(confirm.text)![1];
    expect((await http().get(`/api/auth/email-confirmation?confirmation=${code}`)).status).toBe(302);

    // The same answer for an address without an account, which gets no mail.
    const unknown = await http().post('/api/auth/forgot-password').send({ email: 'nobody-pia@client.test' });
    const known = await http().post('/api/auth/forgot-password').send({ email: 'Pia@Client.test' });
    expect([unknown.status, unknown.body, known.status, known.body]).toEqual([200, { ok: true }, 200, { ok: true }]);
    expect((await http().post('/api/auth/forgot-password').send({ email: 'not-an-email' })).status).toBe(400);
    const reset = await waitForMail('pia@client.test', /^Reset your password at/);
    expect(reset.text).not.toMatch(/<[a-z!/]/i);
    const resetCode = /\/portal\/reset-password\?code=([0-9a-f]{128})$/m.exec(reset.text)![1];
    const changed = await http().post('/api/auth/reset-password').send({ code: resetCode, password: 'New-Passw0rd', passwordConfirmation: 'New-Passw0rd' });
    expect(changed.status).toBe(200);
    expect(newestMail(booted.env.OUTBOX_DIR!, 'nobody-pia@client.test', /./)).toBeNull();
    await strapi.db.query('plugin::client-gallery.access-attempt').deleteMany({ where: { attemptKey: { $contains: 'pia@client.test' } } });
  });
});

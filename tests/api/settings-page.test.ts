import request from 'supertest';
import sharp from 'sharp';
import type { Core } from '@strapi/strapi';
import { createAdmin, createAdminInRole, PLUGIN_ACTIONS } from '../helpers/admin';
import { adminApi } from '../helpers/http';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery } from '../helpers/share';
import type { TestSmtp } from '../helpers/smtp';
import type { ProfileBoot } from '../helpers/profiles';
import { useProfile } from '../helpers/shared-boot';

/**
 * The settings page's routes (`/client-gallery/settings…`, controllers/admin/settings.ts): who may
 * use them, what a save refuses field by field, the test mail, the logo (hostile uploads refused
 * with nothing stored; the stored logo re-encoded and served only while it is the current one),
 * and the brand in the pages' shell (a save seen by other processes: studio-settings.test.ts). In the smtp profile (STUDIO_NAME "Lumen Studio", notify
 * studio@studio.test); what this file saves is put back in afterAll.
 */
const SETTINGS = 'plugin::client-gallery.settings.manage';
let booted: ProfileBoot;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let storedBefore: unknown;
let manager: ReturnType<typeof adminApi>;

const store = () => strapi.store({ type: 'plugin', name: 'client-gallery', key: 'settings' });
const brandKeys = () => booted.storage.keys(booted.uploadDir).filter((key) => key.startsWith('brand/'));
const http = () => request(strapi.server.httpServer);

/** POST /settings/logo as `token`, one file part named `field`. */
function uploadLogo(token: string, bytes: Buffer, filename = 'logo.png', field = 'logo', contentType = 'image/png') {
  return http().post('/client-gallery/settings/logo').set('Authorization', `Bearer ${token}`).attach(field, bytes, { filename, contentType });
}

async function png(width: number, height: number, colour = { r: 20, g: 80, b: 160, alpha: 1 }) {
  return sharp({ create: { width, height, channels: 4, background: colour } })
    .png()
    .toBuffer();
}

let managerToken: string;

beforeAll(async () => {
  booted = await useProfile('smtp');
  strapi = booted.strapi;
  smtp = booted.smtp!;
  storedBefore = await store().get({});
  managerToken = (await createAdmin(strapi, [SETTINGS], 'settings manager')).token;
  manager = adminApi(strapi, managerToken);
});

afterAll(async () => {
  if (!strapi) return;
  await manager.delete('/settings/logo');
  if (storedBefore === null) await store().delete({});
  else await store().set({ value: storedBefore });
  await strapi.plugin('client-gallery').service('studio-settings').save({});
});

describe('settings page', () => {
  describe('who may use it', () => {
    it('refuses View, Modify, both, and the editor role on every route, reads included; the settings action opens them all', async () => {
      const roles = [
        await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer'),
        await createAdmin(strapi, [PLUGIN_ACTIONS.update], 'modifier'),
        await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'view and modify'),
        await createAdminInRole(strapi, 'strapi-editor', 'settings editor'),
      ];
      const logo = await png(40, 20);
      for (const { token } of roles) {
        const api = adminApi(strapi, token);
        const answers = [
          (await api.get('/settings')).status,
          (await api.put('/settings', { name: 'Not Allowed' })).status,
          (await api.post('/settings/test-mail', { to: 'x@client.test' })).status,
          (await uploadLogo(token, logo)).status,
          (await api.delete('/settings/logo')).status,
        ];
        expect(answers).toEqual([403, 403, 403, 403, 403]);
      }
      const anonymous = [await http().get('/client-gallery/settings'), await http().put('/client-gallery/settings').send({ name: 'x' })];
      expect(anonymous.map((res) => res.status)).toEqual([401, 401]);
      expect((await manager.get('/settings')).status).toBe(200);
      expect((await store().get({})) ?? {}).not.toHaveProperty('name', 'Not Allowed');
      expect(brandKeys()).toEqual([]);
    });

    it('gives the link defaults to a View role (the new-link form starts from them), not the rest', async () => {
      const viewer = adminApi(strapi, (await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'link form')).token);
      const answer = await viewer.get('/link-defaults');
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ watermark: true, downloadsEnabled: false, resolutions: ['web'], downloadLimit: null, expiryDays: null });
      expect((await adminApi(strapi, (await createAdmin(strapi, [], 'nobody')).token).get('/link-defaults')).status).toBe(403);
    });
  });

  describe('GET and PUT /settings', () => {
    it('answers the merged settings and which keys are saved', async () => {
      const answer = await manager.get('/settings');
      expect(answer.body.data).toMatchObject({ name: 'Lumen Studio', notifyEmail: 'studio@studio.test', accentColor: '#d8c3a0', logoUrl: '', reminderDays: [3, 1] });
      expect(answer.body.meta.saved).toEqual(Object.keys((await store().get({})) ?? {}).sort());
      expect(answer.headers['cache-control']).toMatch(/no-store/);
    });

    it.each([
      ['name', { name: '' }],
      ['name', { name: 'x'.repeat(121) }],
      ['notifyEmail', { notifyEmail: 'not-an-address' }],
      ['replyTo', { replyTo: 'nope' }],
      ['publicUrl', { publicUrl: 'photos.example' }],
      ['accentColor', { accentColor: 'red' }],
      ['accentColor', { accentColor: '#abc' }],
      ['linkDefaults.resolutions', { linkDefaults: { resolutions: [] } }],
      ['linkDefaults.resolutions.0', { linkDefaults: { resolutions: ['poster'] } }],
      ['linkDefaults.downloadLimit', { linkDefaults: { downloadLimit: -1 } }],
      ['linkDefaults.expiryDays', { linkDefaults: { expiryDays: 0 } }],
      ['linkDefaults.watermark', { linkDefaults: { watermark: 'on' } }],
      ['reminderDays.0', { reminderDays: [0] }],
      ['reminderDays', { reminderDays: [1, 2, 3, 4, 5, 6] }],
      ['commentDigestMinutes', { commentDigestMinutes: 0 }],
      ['', { logo: '0123456789abcdef0123456789abcdef.png' }],
      ['', { colour: '#112233' }],
    ])('refuses a bad %p (%j) with a 400 naming it, and saves nothing of the request', async (path, body) => {
      const before = await store().get({});
      const answer = await manager.put('/settings', { name: 'Would Be Saved', ...body });
      expect(answer.status).toBe(400);
      expect(answer.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(path);
      expect(answer.body.error.message).toContain(path || '(settings)');
      expect(await store().get({})).toEqual(before);
    });

    it('names every bad field of one request', async () => {
      const answer = await manager.put('/settings', { notifyEmail: 'x', accentColor: 'y', linkDefaults: { expiryDays: -1 } });
      expect(answer.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toEqual(['notifyEmail', 'accentColor', 'linkDefaults.expiryDays']);
    });

    it('saves, shows the saved keys, and null puts the file config back', async () => {
      const saved = await manager.put('/settings', { name: 'Atelier Page', accentColor: '#2A6F97', replyTo: 'hello@atelier.test', commentDigestMinutes: 30 });
      expect(saved.status).toBe(200);
      expect(saved.body.data).toMatchObject({ name: 'Atelier Page', accentColor: '#2a6f97', replyTo: 'hello@atelier.test', commentDigestMinutes: 30, notifyEmail: 'studio@studio.test' });
      expect(saved.body.meta.saved).toEqual(expect.arrayContaining(['accentColor', 'commentDigestMinutes', 'name', 'replyTo']));
      const reset = await manager.put('/settings', { name: null, replyTo: null, commentDigestMinutes: null });
      expect(reset.body.data).toMatchObject({ name: 'Lumen Studio', replyTo: '', accentColor: '#2a6f97' });
      expect(reset.body.meta.saved).not.toContain('name');
      await manager.put('/settings', { accentColor: null });
    });
  });

  describe('link defaults', () => {
    it('start a new link made without those fields, and leave what the request names', async () => {
      const fileId = (await uploadFile(strapi, await makeJpeg(77), 'defaults.jpg')).id;
      const { gallery } = await makeGallery(strapi, 'Dora Defaults', fileId);
      await manager.put('/settings', { linkDefaults: { watermark: false, downloadsEnabled: true, resolutions: ['web', 'high'], downloadLimit: 12, expiryDays: 30 } });
      const modifier = adminApi(strapi, (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'link maker')).token);
      const made = await modifier.post(`/galleries/${gallery.documentId}/links`, { kind: 'general' });
      expect(made.status).toBe(201);
      const settings = made.body.data.settings ?? made.body.data.link?.settings;
      expect(settings).toMatchObject({ watermark: false, downloadsEnabled: true, resolutions: ['web', 'high'], downloadLimit: 12 });
      const days = (Date.parse(settings.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThan(30.1);
      const named = await modifier.post(`/galleries/${gallery.documentId}/links`, { kind: 'private', recipientEmail: 'dora@client.test', watermark: true, downloadLimit: null, expiresAt: null });
      expect(named.body.data.settings ?? named.body.data.link?.settings).toMatchObject({ watermark: true, downloadsEnabled: true, downloadLimit: null, expiresAt: null });
      await manager.put('/settings', { linkDefaults: null });
    });
  });

  describe('POST /settings/test-mail', () => {
    it('sends to the address given, and to the notify address by default', async () => {
      const given = await manager.post('/settings/test-mail', { to: 'tester@client.test' });
      expect(given.status).toBe(200);
      expect(given.body.data).toEqual({ ok: true, to: 'tester@client.test' });
      const mail = await smtp.waitFor((m) => m.to.includes('tester@client.test'));
      expect(mail.subject).toBe('Test mail from Lumen Studio');
      const fallback = await manager.post('/settings/test-mail', {});
      expect(fallback.body.data).toEqual({ ok: true, to: 'studio@studio.test' });
    });

    it('reports the mail server’s refusal as the answer, not a 500', async () => {
      smtp.refusing = true;
      try {
        const answer = await manager.post('/settings/test-mail', { to: 'refused@client.test' });
        expect(answer.status).toBe(200);
        expect(answer.body.data.ok).toBe(false);
        expect(answer.body.data.error).toMatch(/451/);
      } finally {
        smtp.refusing = false;
      }
    });

    it('refuses a bad address, and no address when no notify address is saved, naming the field', async () => {
      const bad = await manager.post('/settings/test-mail', { to: 'not-an-address' });
      expect([bad.status, bad.body.error.details.errors[0].path]).toEqual([400, ['to']]);
      await manager.put('/settings', { notifyEmail: '' });
      const none = await manager.post('/settings/test-mail', {});
      expect([none.status, none.body.error.details.errors[0].path]).toEqual([400, ['to']]);
      await manager.put('/settings', { notifyEmail: null });
    });
  });

  describe('the logo', () => {
    it.each([
      ['text named .png', async () => Buffer.from('not an image at all'), 'logo.png', 400],
      ['an SVG', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'logo.svg', 400],
      ['a GIF', async () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).gif().toBuffer(), 'logo.gif', 400],
      ['a PNG cut short', async () => (await png(300, 300)).subarray(0, 200), 'cut.png', 400],
      ['an empty file', async () => Buffer.alloc(0), 'empty.png', 400],
      ['over 2 MB', async () => Buffer.concat([await png(10, 10), Buffer.alloc(2 * 1024 * 1024)]), 'big.png', 413],
      ['a NUL in its name', async () => png(10, 10), 'lo\u0000go.png', 400],
    ])('refuses %s and stores nothing', async (_what, bytes, filename, status) => {
      const before = { keys: brandKeys(), stored: await store().get({}) };
      const answer = await uploadLogo(managerToken, await bytes(), filename);
      expect(answer.status).toBe(status);
      expect({ keys: brandKeys(), stored: await store().get({}) }).toEqual(before);
    });

    it('takes multipart bodies on the logo route only: the settings save refuses one unread', async () => {
      const answer = await http().put('/client-gallery/settings').set('Authorization', `Bearer ${managerToken}`).attach('logo', await png(10, 10), 'logo.png');
      expect(answer.status).toBe(415);
      expect(brandKeys()).toEqual([]);
    });

    it('refuses a request without the logo field, and two files', async () => {
      expect((await uploadLogo(managerToken, await png(10, 10), 'logo.png', 'file')).status).toBe(400);
      const two = await http()
        .post('/client-gallery/settings/logo')
        .set('Authorization', `Bearer ${managerToken}`)
        .attach('logo', await png(10, 10), 'a.png')
        .attach('logo', await png(12, 12), 'b.png');
      expect(two.status).toBe(413);
      expect(brandKeys()).toEqual([]);
    });

    it('stores a re-encoded, bounded PNG, serves it from the plugin while it is current, and removes the one it replaces', async () => {
      const jpeg = await sharp({ create: { width: 2400, height: 1200, channels: 3, background: '#c0392b' } })
        .jpeg()
        .withMetadata({ exif: { IFD0: { Copyright: 'secret-maker' } } })
        .toBuffer();
      const first = await uploadLogo(managerToken, jpeg, 'logo.jpg', 'logo', 'image/jpeg');
      expect(first.status).toBe(200);
      const { logoUrl, publicUrl } = first.body.data;
      expect(logoUrl).toMatch(new RegExp(`^${publicUrl.replace(/[.]/g, '\\.')}/assets/brand/[a-f0-9]{32}\\.png$`));
      expect(first.body.meta.saved).toContain('logo');
      const path = new URL(logoUrl).pathname;
      expect(brandKeys()).toEqual([path.slice('/assets/'.length)]);

      const served = await http().get(path).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(served.status).toBe(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      const meta = await sharp(served.body as Buffer).metadata();
      expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['png', 960, 480, undefined]);
      expect((served.body as Buffer).includes(Buffer.from('secret-maker'))).toBe(false);
      expect((await http().head(path)).status).toBe(200);

      const second = await uploadLogo(managerToken, await png(200, 100));
      const secondPath = new URL(second.body.data.logoUrl).pathname;
      expect(secondPath).not.toBe(path);
      expect((await http().get(path)).status).toBe(404);
      expect((await http().get(secondPath)).status).toBe(200);
      expect(brandKeys()).toEqual([secondPath.slice('/assets/'.length)]);

      // Only the current logo's name is served: a made-up or traversing name is the same 404.
      for (const probe of ['/assets/brand/0123456789abcdef0123456789abcdef.png', '/assets/brand/..%2f..%2fpackage.json', '/assets/brand/logo.svg']) {
        expect([probe, (await http().get(probe)).status]).toEqual([probe, 404]);
      }

      const removed = await manager.delete('/settings/logo');
      expect([removed.status, removed.body.data.logoUrl]).toEqual([200, '']);
      expect((await http().get(secondPath)).status).toBe(404);
      expect(brandKeys()).toEqual([]);
    });
  });

  describe('the pages', () => {
    it('carry the studio’s name, logo and colour in the shell, under the same CSP', async () => {
      const plain = await http().get('/g/some-token');
      const csp = plain.headers['content-security-policy'];
      expect(csp).not.toMatch(/unsafe-inline/);
      expect(plain.text).toContain('data-studio-name="Lumen Studio"');
      expect(plain.text).not.toContain('/assets/brand/');

      await manager.put('/settings', { name: 'Atelier <"Nord">', accentColor: '#1A2B5C' });
      const logo = await uploadLogo(managerToken, await png(120, 60));
      const logoPath = new URL(logo.body.data.logoUrl).pathname;
      for (const page of ['/g/some-token', '/portal']) {
        const shell = await http().get(page);
        expect(shell.headers['content-security-policy']).toBe(csp);
        expect(shell.text).toContain('data-studio-name="Atelier &lt;&quot;Nord&quot;>"');
        expect(shell.text).toContain(`data-studio-logo="${logoPath}"`);
        expect(shell.text).toContain('<link rel="stylesheet" href="/assets/brand/accent-1a2b5c.css">');
      }
      const css = await http().get('/assets/brand/accent-1a2b5c.css');
      expect([css.status, css.headers['content-type'], css.headers['cache-control']]).toEqual([200, 'text/css; charset=utf-8', 'public, max-age=31536000, immutable']);
      // Navy is too dark to read on the dark pages: the accent there is lightened, and text on it is dark.
      expect(css.text).toMatch(/^:root\{--accent:#[0-9a-f]{6};--accent-strong:#[0-9a-f]{6};--accent-contrast:#111110;\}/);
      expect(css.text).not.toContain('--accent:#1a2b5c');
      await manager.put('/settings', { name: null, accentColor: null });
      await manager.delete('/settings/logo');
    });
  });
});

import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import type { TestSmtp } from '../helpers/smtp';
import type { ProfileBoot } from '../helpers/profiles';
import { useProfile } from '../helpers/shared-boot';
import { queriesDuring } from '../helpers/sql';
import { startStrapiWorker, type StrapiWorker } from '../helpers/second-process';

/**
 * Studio-wide settings (services/studio/studio-settings.ts): the file config gives the defaults,
 * a saved value wins, a bad value is refused whole, and a change made by another instance (here:
 * written straight into the store) is seen within 1 s. Mails take the studio's name, reply-to and
 * public URL through the mailer. The profile's studio is "Lumen Studio" (STUDIO_NAME); whatever
 * this file saves is put back in afterAll.
 */
let booted: ProfileBoot;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let storedBefore: unknown;
let general: { token: string };
let worker: StrapiWorker | undefined;

const settings = () => strapi.plugin('client-gallery').service('studio-settings');
const store = () => strapi.store({ type: 'plugin', name: 'client-gallery', key: 'settings' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1] ?? null;

beforeAll(async () => {
  booted = await useProfile('smtp');
  strapi = booted.strapi;
  smtp = booted.smtp!;
  storedBefore = await store().get({});
  const file = await uploadFile(strapi, await makeJpeg(31), 'studio-settings.jpg');
  const { gallery } = await makeGallery(strapi, 'Stella Settings', file.id);
  general = await makeLink(strapi, gallery.documentId, { kind: 'general' });
});

afterAll(async () => {
  if (!strapi) return;
  await worker?.stop();
  if (storedBefore === null) await store().delete({});
  else await store().set({ value: storedBefore });
  // Saving no change re-reads the store and forgets this process's copy: the next file sees the profile's settings.
  await settings().save({});
});

describe('studio-settings', () => {
  describe('save', () => {
    it('refuses a bad value with a ValidationError naming the key, and stores nothing of the save', async () => {
      const before = await store().get({});
      for (const bad of [{ name: 'Fine Name', notifyEmail: 'not-an-email' }, { publicUrl: 'photos.example' }, { watermark: { opacity: 3 } }, { colour: 'red' }]) {
        const error = await settings().save(bad).then(() => null, (thrown: any) => thrown);
        expect(error?.name).toBe('ValidationError'); // Strapi answers it with 400
        expect(error.message).toMatch(new RegExp(`(^|; )(${Object.keys(bad).join('|')}|\\(settings\\))`));
        expect(error.details.errors.length).toBeGreaterThan(0);
      }
      expect(await store().get({})).toEqual(before);
      expect((await settings().studio()).name).toBe('Lumen Studio');
    });
  });

  describe('studio', () => {
    it('takes the file config when nothing is saved', async () => {
      const config = strapi.config.get('plugin::client-gallery') as any;
      expect(await settings().studio()).toEqual({
        name: 'Lumen Studio',
        notifyEmail: 'studio@studio.test',
        replyTo: '',
        publicUrl: (config.share.publicUrl || strapi.config.get('server.absoluteUrl')).replace(/\/+$/, ''),
        watermark: { text: config.photos.watermark.text, position: config.photos.watermark.position, opacity: config.photos.watermark.opacity, scale: config.photos.watermark.scale },
        accentColor: '#d8c3a0',
        logoUrl: '',
        logo: '',
        linkDefaults: config.share.linkDefaults,
        reminderDays: config.proofing.reminderDays,
        commentDigestMinutes: config.proofing.commentDigestMinutes,
        mailTexts: {},
      });
    });

    it('gives a saved value over the file config at once in this process, and null puts the default back', async () => {
      const saved = await settings().save({ name: 'Saved Studio', watermark: { text: 'SAVED' }, reminderDays: [7, 2] });
      expect(saved).toMatchObject({ name: 'Saved Studio', notifyEmail: 'studio@studio.test', watermark: { text: 'SAVED' }, reminderDays: [7, 2] });
      expect(await settings().studio()).toEqual(saved);
      expect(await store().get({})).toEqual({ name: 'Saved Studio', watermark: { text: 'SAVED' }, reminderDays: [7, 2] });

      const reset = await settings().save({ name: null, watermark: null, reminderDays: null });
      expect(reset.name).toBe('Lumen Studio');
      expect(reset.watermark.text).toBe((strapi.config.get('plugin::client-gallery') as any).photos.watermark.text);
      expect(await store().get({})).toBeNull();
    });

    it('sees a change another instance wrote (straight into the store) within 1 s', async () => {
      expect((await settings().studio()).name).toBe('Lumen Studio'); // this process now holds a copy
      await store().set({ value: { name: 'Written Elsewhere' } });
      // Within the second the old copy may still answer; both reads are allowed until then.
      expect(['Lumen Studio', 'Written Elsewhere']).toContain((await settings().studio()).name);
      await sleep(1100);
      expect((await settings().studio()).name).toBe('Written Elsewhere');
      await settings().save({ name: null });
      expect((await settings().studio()).name).toBe('Lumen Studio');
    });

    it('reads the store once when its copy is older than 1 s, and not again within the second', async () => {
      await sleep(1100);
      const queries = await queriesDuring(strapi, async () => {
        for (let i = 0; i < 5; i += 1) await settings().studio();
      });
      // tests/helpers/sql.ts requestStatementsDuring knows this read by the same key.
      expect(queries.filter((query) => (query.bindings ?? []).includes('plugin_client-gallery_settings'))).toHaveLength(1);
      expect(queries).toHaveLength(1);
    });
  });

  describe('mails', () => {
    it('carry the saved name (body, From), reply-to and public URL', async () => {
      await settings().save({ name: 'Atelier "Nord"', replyTo: 'hello@atelier.test', publicUrl: 'https://photos.atelier.test/' });
      const email = 'stella@client.test';
      expect((await request(booted.baseUrl).post(`/api/share/${general.token}/claim`).send({ email })).status).toBe(201);
      const mail = await smtp.waitFor((m) => m.to.includes(email));
      expect(mail.text).toContain('from Atelier "Nord"');
      expect(mail.text).toMatch(/https:\/\/photos\.atelier\.test\/g\/[A-Za-z0-9_.%-]+/);
      // The address stays the email plugin's (SMTP_FROM); the name is the studio's.
      expect(header(mail.raw, 'From')).toBe('"Atelier \\"Nord\\"" <studio@studio.test>');
      expect(header(mail.raw, 'Reply-To')).toBe('hello@atelier.test');
      expect(mail.from).toBe('studio@studio.test');
      await settings().save({ name: null, replyTo: null, publicUrl: null });
    });
  });

  describe('across processes', () => {
    it('a process booted after a save takes it over the file config, and a running one sees a change within 1 s', async () => {
      await settings().save({ name: 'Before The Boot', linkDefaults: { downloadLimit: 3 } });
      worker = await startStrapiWorker(booted.env);
      const seen = await worker.call<{ name: string; linkDefaults: { downloadLimit: number } }>('plugin::client-gallery.studio-settings', 'studio');
      // The worker's file config says "Lumen Studio" (STUDIO_NAME): the saved name wins over it.
      expect([seen.name, seen.linkDefaults.downloadLimit]).toEqual(['Before The Boot', 3]);

      await settings().save({ name: 'After The Boot' });
      const changedAt = Date.now();
      let name = '';
      while (Date.now() - changedAt < 1500) {
        name = (await worker.call<{ name: string }>('plugin::client-gallery.studio-settings', 'studio')).name;
        if (name === 'After The Boot') break;
        await sleep(50);
      }
      expect(name).toBe('After The Boot');
      expect(Date.now() - changedAt).toBeLessThan(1200);
      // What the other process serves follows: the pages' shell carries the new name.
      const shell = await request(`http://127.0.0.1:${worker.port}`).get('/portal');
      expect(shell.text).toContain('data-studio-name="After The Boot"');
      await settings().save({ name: null, linkDefaults: null });
    });
  });
});

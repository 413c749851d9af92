import { execSync } from 'child_process';
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import request from 'supertest';
import sharp from 'sharp';
import type { Core } from '@strapi/strapi';
import type { Browser, Page } from 'playwright-core';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium, logInToAdmin } from '../helpers/browser';
import { createSuperAdmin } from '../helpers/admin';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { newestMail } from '../helpers/public-pages';
import { layoutProblems } from '../helpers/layout-check';
import { renderMail } from '../../src/plugins/client-gallery/server/src/mail-templates';

/**
 * Mails as a reader sees them, in a real Chromium: a real mail's HTML part, read from the .eml the
 * outbox transport wrote, shows the studio's name and accent colour at 600 px (a desktop client's
 * reading pane) and 390 px (a phone), with nothing wider than the screen; the same template with
 * a logo URL loads and shows the logo; and the Mails settings page edits and previews at 390 px.
 * Its own boot: it serves the admin panel and saves studio settings (put back in afterAll).
 */
const ACCENT = '#2a6f97';
const ACCENT_RGB = 'rgb(42, 111, 151)';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: { email: string; password: string };
let general: { token: string };
let logoServer: http.Server;
let logoUrl: string;
const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-mail-outbox-'));
const settings = () => strapi.plugin('client-gallery').service('studio-settings');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function shot(page: Page, name: string) {
  fs.mkdirSync(path.join(artifactsDir, 'mails'), { recursive: true });
  const file = path.join(artifactsDir, 'mails', name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function waitForMail(to: string, subject: RegExp) {
  for (let i = 0; i < 150; i += 1) {
    const mail = newestMail(outbox, to, subject);
    if (mail?.html.includes('</html>')) return mail;
    await sleep(100);
  }
  throw new Error(`no mail to ${to} in ${outbox}`);
}

/** What the reader sees of the mail: the button's colours, the accent bar, the studio's name, the logo, overflow. */
async function looks(page: Page) {
  return page.evaluate(() => {
    const action = document.querySelector('[data-role="action"]') as HTMLElement | null;
    const card = document.querySelector('.cg-card')!.closest('table') as HTMLElement;
    const logo = document.querySelector('img[data-role="logo"]') as HTMLImageElement | null;
    return {
      buttonBackground: action ? getComputedStyle(action).backgroundColor : null,
      buttonColour: action ? getComputedStyle(action).color : null,
      buttonHeight: action ? action.getBoundingClientRect().height : 0,
      accentBar: getComputedStyle(card).borderTopColor,
      studio: document.querySelector('[data-role="studio"]')?.textContent ?? null,
      logo: logo ? { alt: logo.alt, loaded: logo.complete && logo.naturalWidth > 0, height: logo.getBoundingClientRect().height } : null,
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    };
  });
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  // A logo as a studio's would be served: a PNG over HTTP (the plugin's own logo route comes with the branding settings).
  const png = await sharp({ create: { width: 240, height: 96, channels: 3, background: ACCENT } })
    .composite([{ input: Buffer.from('<svg width="240" height="96"><text x="20" y="62" font-size="44" fill="#fff">NORD</text></svg>') }])
    .png()
    .toBuffer();
  logoServer = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length }).end(png));
  await new Promise<void>((resolve) => logoServer.listen(0, '127.0.0.1', resolve));
  logoUrl = `http://127.0.0.1:${(logoServer.address() as { port: number }).port}/logo.png`;

  booted = await bootStrapi('browser-mails', { OUTBOX_DIR: outbox, SMTP_HOST: '', STUDIO_NOTIFY_EMAIL: '' }, { serveAdminPanel: true });
  strapi = booted.strapi;
  owner = await createSuperAdmin(strapi);
  await settings().save({ name: 'Atelier Nord', accentColor: ACCENT });
  const file = await uploadFile(strapi, await makeJpeg(52), 'mail-rendering.jpg');
  const { gallery } = await makeGallery(strapi, 'Nora', file.id);
  general = await makeLink(strapi, gallery.documentId, { kind: 'general' });
  ({ browser, close: closeBrowser } = await launchChromium());
});

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
  await new Promise((resolve) => logoServer?.close(resolve));
  fs.rmSync(outbox, { recursive: true, force: true });
});

describe('mails in a browser', () => {
  it("shows a real mail's HTML part with the studio's name and accent colour, at 600 and 390 px", async () => {
    const claimed = await request(strapi.server.httpServer).post(`/api/share/${general.token}/claim`).send({ email: 'nora@client.test' });
    expect(claimed.status).toBe(201);
    const mail = await waitForMail('nora@client.test', /private link/);
    const studio = await settings().studio();
    const page = await browser.newPage({ viewport: { width: 600, height: 900 } });
    await page.setContent(mail.html, { waitUntil: 'load' });
    for (const width of [600, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const seen = await looks(page);
      console.log(`mail at ${width} px: ${await shot(page, `claim-${width}.png`)}`);
      expect(seen).toMatchObject({ buttonBackground: ACCENT_RGB, buttonColour: 'rgb(255, 255, 255)', accentBar: ACCENT_RGB, studio: 'Atelier Nord' });
      expect(seen.buttonHeight).toBeGreaterThanOrEqual(40);
      expect(seen.scrollWidth).toBeLessThanOrEqual(seen.clientWidth);
      // The logo is drawn exactly when the studio has one (its URL comes with the branding settings).
      expect(seen.logo === null).toBe(studio.logoUrl === '');
    }
    await page.close();
  });

  it('loads and shows the logo (alt: the studio name), and keeps a light accent readable', async () => {
    const studio = await settings().studio();
    const page = await browser.newPage({ viewport: { width: 600, height: 900 } });
    for (const [accent, label] of [
      [ACCENT, 'rgb(255, 255, 255)'],
      ['#f2d16b', 'rgb(31, 31, 31)'],
    ]) {
      const mail = renderMail('package-ready', { galleryTitle: 'Nora gallery', imageCount: 12, resolution: 'high', url: 'https://photos.example.com/api/packages/x', expiresAt: '2027-01-22T00:00:00.000Z' }, { ...studio, logoUrl, accentColor: accent });
      await page.setContent(mail.html, { waitUntil: 'load' });
      for (const width of [600, 390]) {
        await page.setViewportSize({ width, height: 900 });
        const seen = await looks(page);
        console.log(`logo mail (${accent}) at ${width} px: ${await shot(page, `logo-${accent.slice(1)}-${width}.png`)}`);
        expect(seen.logo).toEqual({ alt: 'Atelier Nord', loaded: true, height: 48 });
        expect(seen.buttonColour).toBe(label);
        expect(seen.scrollWidth).toBeLessThanOrEqual(seen.clientWidth);
      }
    }
    await page.close();
  });

  it('edits a subject on the Mails settings page at 390 px, previews it live, saves and resets it', async () => {
    const page = await logInToAdmin(browser, booted.baseUrl, owner);
    await page.goto(`${booted.baseUrl}/admin/settings/client-gallery/mails`);
    // A wide screen lists the mails; a phone picks one from a menu.
    await page.getByTestId('mail-kind-claim').click();
    const subject = page.getByRole('textbox', { name: /^subject/i });
    await expect(subject.inputValue()).resolves.toBe('Your private link to "{gallery}"');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('combobox', { name: /^mail$/i }).click();
    await page.getByRole('option', { name: 'Invitation to a gallery' }).click();
    await expect(subject.inputValue()).resolves.toBe('{studio}: your gallery "{gallery}"');
    await page.getByRole('combobox', { name: /^mail$/i }).click();
    await page.getByRole('option', { name: 'Private link after a claim' }).click();
    await expect(subject.inputValue()).resolves.toBe('Your private link to "{gallery}"');
    await subject.fill('Your way into {gallery}, from {studio}');
    await page.waitForFunction(() => document.querySelector('[data-testid="mail-preview-subject"]')?.textContent?.includes('Your way into Summer portraits, from Atelier Nord'));
    const srcdoc = await page.getByTestId('mail-preview-html').getAttribute('srcdoc');
    expect(srcdoc).toContain('<title>Your way into Summer portraits, from Atelier Nord</title>');
    expect(await page.getByTestId('mail-preview-html').getAttribute('sandbox')).toBe('');
    expect(await page.getByTestId('mail-preview-text').textContent()).not.toMatch(/<[a-z!/]/i);
    const problems = await layoutProblems(page, { within: '[data-testid="mails-settings"]' });
    console.log(`settings page at 390 px: ${await shot(page, 'settings-390.png')}`);
    // The admin scrolls inside its own container: the editor and preview get a picture of their own.
    const whole = path.join(artifactsDir, 'mails', 'settings-390-content.png');
    await page.getByTestId('mails-settings').screenshot({ path: whole });
    console.log(`settings content at 390 px: ${whole}`);
    expect(problems).toEqual([]);

    await page.getByRole('button', { name: /^save$/i }).click();
    await page.waitForFunction(() => document.body.textContent?.includes('Mail text saved'));
    expect((await settings().studio()).mailTexts.claim).toEqual({ subject: 'Your way into {gallery}, from {studio}' });
    await page.getByRole('button', { name: /reset to default/i }).click();
    await page.waitForFunction(() => document.body.textContent?.includes('Mail text back to the default'));
    expect((await settings().studio()).mailTexts.claim).toBeUndefined();
    await expect(subject.inputValue()).resolves.toBe('Your private link to "{gallery}"');
    await page.close();
  });
});

import { execSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import sharp from 'sharp';
import type { Core } from '@strapi/strapi';
import type { Browser, Page } from 'playwright-core';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium, logInToAdmin } from '../helpers/browser';
import { createAdmin, createSuperAdmin } from '../helpers/admin';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { layoutProblems } from '../helpers/layout-check';

/**
 * Settings › Client gallery › General in a real Chromium: a studio manager changes the name, logo
 * and colour, a bad field is named beside it, and the client's gallery page and portal show the
 * new brand at 1280 and 390 px (screenshots in tests/.artifacts/settings-*.png).
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let baseUrl: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let manager: { email: string; password: string };
let token: string;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-settings-browser-'));

const shot = async (page: Page, name: string, fullPage = true) => {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, name), fullPage });
};

const logIn = (account: { email: string; password: string }, width = 1440) => logInToAdmin(browser, baseUrl, account, { width, height: 1000 });

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi('browser-settings', { STUDIO_NAME: 'File Studio' }, { serveAdminPanel: true });
  strapi = booted.strapi;
  baseUrl = booted.baseUrl;
  await createSuperAdmin(strapi);
  manager = await createAdmin(strapi, ['plugin::client-gallery.settings.manage'], 'settings manager');
  const fileId = (await uploadFile(strapi, await makeJpeg(9, 1200, 800), 'brand.jpg')).id;
  const { gallery } = await makeGallery(strapi, 'Brand Client', fileId, { status: 'ready', images: 3 });
  token = (await makeLink(strapi, gallery.documentId, { kind: 'general' })).token;
  // A logo with a transparent edge and a word in it, as a studio's would be.
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="160"><rect x="8" y="8" width="464" height="144" rx="24" fill="#f4efe6"/><text x="240" y="104" font-size="64" text-anchor="middle" font-family="serif" fill="#1a2b5c">NORD</text></svg>',
  );
  await sharp(svg).png().toFile(path.join(scratch, 'logo.png'));
  ({ browser, close: closeBrowser } = await launchChromium());
}, 600000);

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('the settings page', () => {
  it('is listed under Settings for the manager, names a bad field beside it, and saves name, logo and colour', async () => {
    const page = await logIn(manager);
    await page.goto(`${baseUrl}/admin/settings`);
    await page.getByRole('link', { name: 'General' }).first().click();
    await page.getByTestId('settings-page').waitFor();
    await page.waitForURL(/\/admin\/settings\/client-gallery\/general/);

    // A bad address is refused by the server and named beside its field; nothing is saved.
    await page.getByLabel('Reply-to address').fill('not-an-address');
    await page.getByTestId('settings-save').first().click();
    const replyField = page.locator('[name="replyTo"]').locator('xpath=ancestor::div[1]/..');
    await replyField.getByText(/invalid email/i).waitFor();
    expect(await strapi.store({ type: 'plugin', name: 'client-gallery', key: 'settings' }).get({})).toBeNull();

    await page.getByLabel('Reply-to address').fill('');
    await page.getByLabel('Studio name').fill('Atelier Nord');
    await page.getByTestId('settings-logo-input').setInputFiles(path.join(scratch, 'logo.png'));
    await page.getByTestId('settings-logo-preview').locator('img').waitFor();
    await page.locator('input[name="accentColor"]').fill('#1a2b5c');
    // Navy reads on white text, but the dark client pages must show it lighter: the page says so.
    await page.getByTestId('settings-lightened-note').waitFor();
    await page.getByTestId('settings-save').first().click();
    await page.getByText('Settings saved.').waitFor();
    await shot(page, 'settings-admin-1440.png');

    const saved = await strapi.plugin('client-gallery').service('studio-settings').studio();
    expect(saved).toMatchObject({ name: 'Atelier Nord', accentColor: '#1a2b5c' });
    expect(saved.logoUrl).toMatch(/\/assets\/brand\/[a-f0-9]{32}\.png$/);

    // At 390 px nothing of the page is off-screen and its own controls are 40 px targets.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await layoutProblems(page, { within: '[data-testid="settings-page"]' })).toEqual([]);
    await shot(page, 'settings-admin-390.png');
    await page.close();
  });

  it('shows the studio’s name, logo and colour on the client’s gallery page and portal, at 1280 and 390 px', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.goto(`${baseUrl}/g/${token}`);
    await page.getByTestId('grid').waitFor();
    const logo = page.getByTestId('studio-mark').locator('img');
    await expect(logo.getAttribute('alt')).resolves.toBe('Atelier Nord');
    expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const colours = await page.evaluate(() => {
      const root = getComputedStyle(document.documentElement);
      const primary = document.querySelector('.button-primary, .hero-cta');
      return {
        accent: root.getPropertyValue('--accent').trim(),
        contrast: root.getPropertyValue('--accent-contrast').trim(),
        primary: primary ? getComputedStyle(primary).backgroundColor : null,
      };
    });
    // The navy is lightened for the dark page (shared/brand.ts), and text on it is dark.
    expect(colours.accent).toMatch(/^#[0-9a-f]{6}$/);
    expect(colours.accent).not.toBe('#d8c3a0');
    expect(colours.contrast).toBe('#111110');
    await shot(page, 'settings-gallery-1280.png', false);
    expect(await layoutProblems(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await layoutProblems(page)).toEqual([]);
    await shot(page, 'settings-gallery-390.png', false);

    await page.goto(`${baseUrl}/portal`);
    await page.getByTestId('studio-mark').waitFor();
    expect(await layoutProblems(page)).toEqual([]);
    await shot(page, 'settings-portal-390.png', false);
    expect(cspViolations).toEqual([]);
    await page.close();
  });
});

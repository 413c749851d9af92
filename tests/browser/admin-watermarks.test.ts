import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Browser, Page } from 'playwright-core';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium, logInToAdmin } from '../helpers/browser';
import { createSuperAdmin } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import { ingestPhoto } from '../helpers/downloads';
import { makeLink } from '../helpers/share';
import { layoutProblems } from '../helpers/layout-check';
import { renderDemoPhoto } from '../../src/demo/photos';

/**
 * The watermark designer in a real Chromium: the preview the server draws follows every change of
 * the form (text, opacity, position), the page holds at 390 px, and a saved change reaches the
 * public gallery page. Own boot: the design made here becomes the studio's default.
 */
const GALLERY = 'plugin::client-gallery.gallery';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: { email: string; password: string };
let token: string;
let designId: string;

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, name), fullPage: true });
};

/**
 * A digest of the pixels an <img> shows, read through a canvas (the admin's CSP lets an image, not
 * a fetch, load a blob: URL; the preview and the /media URLs are same-origin, so nothing is tainted).
 */
const imageDigest = (page: Page, selector: string) =>
  page.evaluate(async (sel) => {
    const img = document.querySelector(sel) as HTMLImageElement;
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(img, 0, 0);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    const digest = await globalThis.crypto.subtle.digest('SHA-256', pixels);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }, selector);

/** Wait until the preview shows other bytes than `before` (a new object URL, drawn for the new values). */
async function previewChangedFrom(page: Page, beforeSrc: string) {
  await page.waitForFunction((src) => {
    const img = document.querySelector('[data-testid="watermark-preview"]') as HTMLImageElement | null;
    return img && img.src !== src && img.complete && img.naturalWidth > 0;
  }, beforeSrc, { timeout: 15000 });
  return page.getByTestId('watermark-preview').getAttribute('src') as Promise<string>;
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi('browser-watermarks', { STUDIO_NOTIFY_EMAIL: '', CRON_ENABLED: 'false' }, { serveAdminPanel: true });
  strapi = booted.strapi;
  owner = await createSuperAdmin(strapi);

  const designs = strapi.plugin('client-gallery').service('watermark-design');
  designId = (await designs.createDesign({ name: 'Studio mark', mode: 'text', text: 'LUMEN', position: 'bottom-right', opacity: 0.4, scale: 0.3 })).documentId;
  const client = await createClient(strapi, 'Wren Watermark');
  const photo = await ingestPhoto(strapi, client.documentId, await renderDemoPhoto(21, 'Lake', { width: 1200, height: 800 }), 'lake.jpg');
  const gallery = await strapi.documents(GALLERY).create({ data: { title: 'Wren at the lake', client: client.documentId, images: [photo.documentId], stage: 'proofing' } as any });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  token = (await makeLink(strapi, gallery.documentId, { recipientEmail: 'wren@client.test', watermark: true })).token;
  await strapi.plugin('client-gallery').service('visitor-media').settled();
  ({ browser, close: closeBrowser } = await launchChromium());
}, 600000);

afterAll(async () => {
  await closeBrowser?.();
  await strapi?.plugin('client-gallery').service('visitor-media').settled();
  await booted?.stop();
});

describe('the watermark designer', () => {
  let page: Page;

  beforeAll(async () => {
    page = await logInToAdmin(browser, booted.baseUrl, owner);
  }, 120000);

  it('is reached from Settings › Client galleries › Watermarks', async () => {
    await page.goto(`${booted.baseUrl}/admin/settings`);
    await page.getByRole('link', { name: 'Watermarks' }).click();
    await page.getByTestId('watermark-design').first().waitFor();
    expect(await page.getByTestId('watermark-design').first().textContent()).toMatch(/Studio mark.*Default/);
  }, 60000);

  it('draws the preview again as text, opacity and position change', async () => {
    await page.getByTestId('watermark-design').first().getByRole('button', { name: 'Edit' }).click();
    await page.getByTestId('watermark-preview').waitFor({ timeout: 15000 });
    await page.waitForFunction(() => (document.querySelector('[data-testid="watermark-preview"]') as HTMLImageElement)?.naturalWidth > 0);
    let src = (await page.getByTestId('watermark-preview').getAttribute('src'))!;
    const digests = [await imageDigest(page, '[data-testid="watermark-preview"]')];
    await shot(page, 'watermarks-1280-before.png');

    await page.locator('input[name="text"]').fill('NORTHLIGHT');
    src = await previewChangedFrom(page, src);
    digests.push(await imageDigest(page, '[data-testid="watermark-preview"]'));

    await page.locator('input[name="opacity"]').fill('90');
    src = await previewChangedFrom(page, src);
    digests.push(await imageDigest(page, '[data-testid="watermark-preview"]'));

    await page.getByRole('combobox', { name: 'Position' }).click();
    await page.getByRole('option', { name: 'Tiled over the whole photo' }).click();
    src = await previewChangedFrom(page, src);
    digests.push(await imageDigest(page, '[data-testid="watermark-preview"]'));

    expect(new Set(digests).size).toBe(4);
    await shot(page, 'watermarks-1280-tiled.png');
  }, 60000);

  it('fits a 390 px phone: nothing off-screen, 40 px targets', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    await shot(page, 'watermarks-390.png');
    expect(await layoutProblems(page, { within: '[data-testid="client-gallery-admin"]' })).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 60000);

  it('saves, and the public gallery page shows the new watermark', async () => {
    const visitor = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await visitor.goto(`${booted.baseUrl}/g/${token}`);
    await visitor.getByTestId('thumb').first().locator('img').waitFor();
    await visitor.waitForFunction(() => (document.querySelector('[data-testid="thumb"] img') as HTMLImageElement)?.naturalWidth > 0);
    const before = await imageDigest(visitor, '[data-testid="thumb"] img');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Design saved/).waitFor();
    const saved = await strapi.db.query('plugin::client-gallery.watermark-design').findOne({ where: { documentId: designId } });
    expect([saved.text, saved.position, Number(saved.opacity)]).toEqual(['NORTHLIGHT', 'tiled', 0.9]);

    await visitor.reload();
    await visitor.waitForFunction(() => (document.querySelector('[data-testid="thumb"] img') as HTMLImageElement)?.naturalWidth > 0, undefined, { timeout: 20000 });
    const after = await imageDigest(visitor, '[data-testid="thumb"] img');
    expect(after).not.toBe(before);
    await visitor.getByTestId('thumb').first().click();
    await visitor.waitForTimeout(1000);
    await shot(visitor, 'watermarks-public-after.png');
    await visitor.close();
  }, 90000);
});

import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { createClient, createImage, uploadFile } from '../helpers/fixtures';
import { renderDemoPhoto } from '../../src/demo/photos';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let baseUrl: string;
const admin = { email: 'owner@studio.test', password: 'Browser-Passw0rd!' };

beforeAll(async () => {
  // The admin bundle is built by `npm run build`; build it here when it is missing so the test stands alone.
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi('browser-admin', {}, { serveAdminPanel: true });
  strapi = booted.strapi;
  baseUrl = booted.baseUrl;

  const roles = strapi.service('admin::role');
  await roles.createRolesIfNoneExist();
  const superAdmin = await roles.getSuperAdmin();
  await strapi.service('admin::user').create({ ...admin, firstname: 'Studio', lastname: 'Owner', isActive: true, roles: [superAdmin.id] });

  const maya = await createClient(strapi, 'Maya Lindqvist');
  const tomas = await createClient(strapi, 'Tomás Okafor');
  // One portrait and one landscape photo, for the justified grid (rows of one height, whole photos).
  for (const [i, [width, height]] of [
    [800, 1200],
    [1200, 800],
  ].entries()) {
    const file = await uploadFile(strapi, await renderDemoPhoto(10 + i, width < height ? 'Portrait' : 'Landscape', { width, height }), `tomas-${i + 1}.jpg`);
    const image = await createImage(strapi, { fileId: file.id, clientDocumentId: tomas.documentId, takenAt: `2026-04-0${i + 1}T10:00:00.000Z` });
    await strapi.db.query('plugin::client-gallery.gallery-image').update({ where: { id: image.id }, data: { width, height } });
  }
  for (const [i, label] of ['Ceremony', 'Portraits', 'First dance'].entries()) {
    const file = await uploadFile(strapi, await renderDemoPhoto(i + 1, label, { width: 800, height: 533 }), `maya-${i + 1}.jpg`);
    await createImage(strapi, { fileId: file.id, clientDocumentId: maya.documentId, takenAt: `2026-05-20T1${i}:00:00.000Z`, label });
  }
}, 600000);

afterAll(async () => {
  await booted?.stop();
});

describe('client-gallery admin page', () => {
  it("logs in, opens the plugin from the menu, and shows a seeded client's photos newest first", async () => {
    const { browser, close } = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`${baseUrl}/admin/auth/login`);
      await page.getByLabel(/email/i).fill(admin.email);
      await page.getByLabel(/^password/i).fill(admin.password);
      await page.getByRole('button', { name: /login/i }).click();
      await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });

      await page.getByRole('link', { name: 'Client gallery' }).click();
      await page.waitForURL(/\/admin\/plugins\/client-gallery/);
      const rows = page.getByTestId('client-row');
      await rows.first().waitFor();
      expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('Maya Lindqvist'), expect.stringContaining('Tomás Okafor')]);

      await rows.filter({ hasText: 'Maya Lindqvist' }).click();
      const tiles = page.getByTestId('gallery-image');
      await tiles.nth(2).waitFor();
      expect(await tiles.count()).toBe(3);
      const texts = await tiles.allInnerTexts();
      expect(texts[0]).toMatch(/first dance/i);
      expect(texts[2]).toMatch(/ceremony/i);

      // Every thumbnail really loads (decodes to pixels), not just an <img> with a broken URL.
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('[data-testid="gallery-image"] img')).every(
          (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
        ),
      );

      fs.mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, 'admin-client-gallery.png'), fullPage: true });
    } finally {
      await close();
    }
  });

  it('shows whole photos in a justified grid: a portrait tile narrower than a landscape one, each picture at its own aspect, at 1400 and 390 px', async () => {
    const { browser, close } = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`${baseUrl}/admin/auth/login`);
      await page.getByLabel(/email/i).fill(admin.email);
      await page.getByLabel(/^password/i).fill(admin.password);
      await page.getByRole('button', { name: /login/i }).click();
      await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });
      await page.goto(`${baseUrl}/admin/plugins/client-gallery`);
      await page.getByTestId('client-row').filter({ hasText: 'Tomás Okafor' }).click();
      await page.getByTestId('gallery-image').nth(1).waitFor();
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('[data-testid="gallery-image"] img')).every(
          (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
        ),
      );

      /** Each tile's width, and its picture's rendered and natural aspect (newest first: the landscape, then the portrait). */
      const measure = () =>
        page.getByTestId('gallery-image').evaluateAll((tiles) =>
          tiles.map((tile) => {
            const img = tile.querySelector('img') as HTMLImageElement;
            const box = img.getBoundingClientRect();
            return {
              tile: tile.getBoundingClientRect().width,
              width: box.width,
              height: box.height,
              rendered: box.width / box.height,
              natural: img.naturalWidth / img.naturalHeight,
              top: box.top,
            };
          }),
        );
      const [landscape, portrait] = await measure();
      expect(landscape.natural).toBeCloseTo(1.5, 1);
      expect(portrait.natural).toBeCloseTo(2 / 3, 1);
      // The photo is the box: no crop, no letterbox.
      for (const photo of [landscape, portrait]) expect(Math.abs(photo.rendered / photo.natural - 1)).toBeLessThan(0.03);
      expect(landscape.tile).toBeGreaterThan(portrait.tile * 1.8);
      // One row, one height (the last row is not stretched across the page either).
      expect(Math.abs(landscape.height - portrait.height)).toBeLessThan(2);
      expect(Math.abs(landscape.top - portrait.top)).toBeLessThan(2);
      expect(landscape.width + portrait.width).toBeLessThan(1400 * 0.8);
      fs.mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, 'admin-justified-grid.png'), fullPage: true });

      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForTimeout(300);
      for (const photo of await measure()) {
        expect(Math.abs(photo.rendered / photo.natural - 1)).toBeLessThan(0.03);
        expect(photo.tile).toBeLessThanOrEqual(390);
      }
      const [narrowLandscape, narrowPortrait] = await measure();
      expect(narrowLandscape.tile).toBeGreaterThan(narrowPortrait.tile);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      await page.screenshot({ path: path.join(artifactsDir, 'admin-justified-grid-390.png'), fullPage: true });
    } finally {
      await close();
    }
  });
});

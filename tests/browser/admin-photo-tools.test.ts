import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import type { Core } from '@strapi/strapi';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { createAdmin, createSuperAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import { ingestPhoto } from '../helpers/downloads';

/**
 * The studio's photo tools in a real Chromium: a click opens the photo large with its menu
 * (download original, edit label, compare with…, delete); compare swaps on a button and a key,
 * downloads the comparison as shown (the file decodes, photos in the shown order) and saves it
 * to the client's photos. A View-only user sees no download anywhere.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let baseUrl: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: { email: string; password: string };
let viewer: { email: string; password: string };
let clientId: string;
let redBytes: Buffer;

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, name), fullPage: true });
};

async function logIn(account: { email: string; password: string }) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(account.email);
  await page.getByLabel(/^password/i).fill(account.password);
  await page.getByRole('button', { name: /login/i }).click();
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });
  await page.goto(`${baseUrl}/admin/plugins/client-gallery/clients/${clientId}`);
  await page.getByTestId('gallery-image').first().waitFor();
  return page;
}

/** The bytes of a download the page starts while `action` runs. */
async function downloaded(page: Page, action: () => Promise<void>): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), action()]);
  return fs.readFileSync((await download.path())!);
}

async function colourAt(jpeg: Buffer, x: number, y: number) {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const i = (Math.round(y) * info.width + Math.round(x)) * info.channels;
  const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
  return r > g && r > b ? 'red' : g > b ? 'green' : 'blue';
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi('browser-photo-tools', {}, { serveAdminPanel: true });
  strapi = booted.strapi;
  baseUrl = booted.baseUrl;
  owner = await createSuperAdmin(strapi);
  viewer = await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer');
  clientId = (await createClient(strapi, 'Rosa Viewer')).documentId;
  const solid = (background: string) =>
    sharp({ create: { width: 900, height: 600, channels: 3, background } })
      .jpeg({ quality: 92 })
      .toBuffer();
  redBytes = await solid('#d01010');
  // Oldest first, so the grid (newest first) shows Green, Blue, Red.
  await ingestPhoto(strapi, clientId, redBytes, 'red.jpg', 'Before');
  await ingestPhoto(strapi, clientId, await solid('#1010d0'), 'blue.jpg', 'After');
  await ingestPhoto(strapi, clientId, await solid('#10a010'), 'green.jpg', 'Spare');
  ({ browser, close: closeBrowser } = await launchChromium());
}, 600000);

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
});

describe('photo tools in the admin', () => {
  it('opens a photo large on click, steps with ←/→, zooms, and uses each menu item', async () => {
    const page = await logIn(owner);
    try {
      await page.getByTestId('gallery-image').nth(2).waitFor();
      await page.getByTestId('open-photo').nth(2).click();
      const viewer = page.getByTestId('photo-viewer');
      await viewer.waitFor();
      await expect(page.getByTestId('photo-viewer-details').innerText()).resolves.toMatch(/Before[\s\S]*Upload[\s\S]*900 × 600[\s\S]*3 of 3/i);
      await page.waitForFunction(() => {
        const img = document.querySelector('[data-testid="photo-viewer-image"]') as HTMLImageElement | null;
        return Boolean(img?.complete && img.naturalWidth > 0);
      });
      await page.keyboard.press('ArrowLeft');
      await expect(page.getByTestId('photo-viewer-details').innerText()).resolves.toMatch(/After[\s\S]*2 of 3/i);
      await page.keyboard.press('ArrowRight');
      await page.getByRole('button', { name: 'Zoom in' }).click();
      expect(await page.getByTestId('photo-viewer-image').evaluate((img) => (img as HTMLElement).style.transform)).toMatch(/scale\(1\.25\)/);
      await shot(page, 'admin-photo-viewer.png');

      // Download original: the very bytes uploaded.
      const original = await downloaded(page, () => page.getByRole('menuitem', { name: 'Download original' }).click());
      expect(original.equals(redBytes)).toBe(true);
      expect(await strapi.db.query('plugin::client-gallery.activity-event').count({ where: { type: 'staff-download' } })).toBe(1);

      // Edit label, from the viewer.
      await page.getByRole('menuitem', { name: 'Edit label' }).click();
      const form = page.getByTestId('label-form');
      await form.getByRole('textbox').fill('Before treatment');
      await form.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="photo-viewer-details"]')?.textContent?.includes('Before treatment'));

      // Compare with…: the photo is ticked for comparison and the viewer closes.
      await page.getByRole('menuitem', { name: 'Compare with…' }).click();
      await viewer.waitFor({ state: 'detached' });
      await expect(page.getByTestId('selection-status').innerText()).resolves.toBe('1 selected');

      // Delete, from the viewer (the spare photo), after confirming.
      await page.getByTestId('open-photo').nth(0).click();
      await page.getByRole('menuitem', { name: 'Delete', exact: true }).click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="gallery-image"]').length === 2);
      expect(await strapi.db.query('plugin::client-gallery.gallery-image').count({ where: { label: 'Spare' } })).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('compares, swaps on the button and the S key, downloads the comparison as shown, and saves it to the gallery', async () => {
    const page = await logIn(owner);
    try {
      await page.getByRole('checkbox', { name: /Select Before/ }).click();
      await page.getByRole('checkbox', { name: /Select After/ }).click();
      await page.getByRole('button', { name: 'Compare (2)' }).click();
      await page.waitForURL(/\/compare\?ids=/);
      await page.getByTestId('compare-caption').nth(1).waitFor();
      const captions = async () => (await page.getByTestId('compare-caption').allInnerTexts()).map((text) => (/before/i.test(text) ? 'Before' : 'After'));
      expect(await captions()).toEqual(['Before', 'After']);
      await page.getByRole('button', { name: 'Swap photo positions' }).click();
      await page.waitForFunction(() => /After/.test(document.querySelector('[data-testid="compare-caption"]')?.textContent ?? ''));
      await page.keyboard.press('s');
      await page.waitForFunction(() => /Before/.test(document.querySelector('[data-testid="compare-caption"]')?.textContent ?? ''));
      await page.getByRole('button', { name: 'Swap photo positions' }).click();
      await page.waitForFunction(() => /After/.test(document.querySelector('[data-testid="compare-caption"]')?.textContent ?? ''));
      expect(await captions()).toEqual(['After', 'Before']);
      await shot(page, 'admin-compare-swapped.png');

      const jpeg = await downloaded(page, () => page.getByRole('button', { name: 'Download comparison' }).click());
      const meta = await sharp(jpeg).metadata();
      expect([meta.format, meta.width]).toEqual(['jpeg', 2048]);
      // As shown: After (blue) on the left, Before (red) on the right.
      expect([await colourAt(jpeg, 200, 300), await colourAt(jpeg, 1848, 300)]).toEqual(['blue', 'red']);

      await page.getByRole('button', { name: 'Save to gallery' }).click();
      await page.getByText("Comparison saved to the client's photos").waitFor();
      expect(await strapi.db.query('plugin::client-gallery.gallery-image').count({ where: { source: 'comparison' } })).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('shows a View-only user no download: not in the photo menu, not on the compare page', async () => {
    const page = await logIn(viewer);
    try {
      await page.getByTestId('open-photo').first().click();
      await page.getByTestId('photo-viewer').waitFor();
      expect(await page.getByRole('menuitem').allInnerTexts()).toEqual(['Compare with…']);
      await page.keyboard.press('Escape');
      const ids = await page.getByTestId('gallery-image').evaluateAll((tiles) => tiles.map((tile) => tile.getAttribute('data-document-id')));
      await page.goto(`${baseUrl}/admin/plugins/client-gallery/clients/${clientId}/compare?ids=${ids.slice(0, 2).join(',')}`);
      await page.getByTestId('compare-caption').nth(1).waitFor();
      expect(await page.getByRole('button', { name: 'Swap photo positions' }).isVisible()).toBe(true);
      expect(await page.getByRole('button', { name: 'Download comparison' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Save to gallery' }).count()).toBe(0);
      await shot(page, 'admin-compare-view-only.png');
    } finally {
      await page.close();
    }
  });

  it('draws a markup, saves a draft, reloads and edits it, submits, and shows the pair', async () => {
    const page = await logIn(owner);
    try {
      await page.getByTestId('gallery-image').filter({ hasText: /after/i }).getByTestId('open-photo').click();
      await page.getByRole('menuitem', { name: 'Mark up' }).click();
      await page.waitForURL(/\/markup\//);
      const surface = page.getByTestId('markup-surface');
      await surface.waitFor();
      const box = (await surface.boundingBox())!;
      const drag = async (from: [number, number], to: [number, number]) => {
        await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
        await page.mouse.down();
        for (let step = 1; step <= 5; step += 1) {
          await page.mouse.move(
            box.x + box.width * (from[0] + ((to[0] - from[0]) * step) / 5),
            box.y + box.height * (from[1] + ((to[1] - from[1]) * step) / 5),
          );
        }
        await page.mouse.up();
      };
      const layers = () => page.getByTestId('layer-count').innerText();

      await page.getByRole('button', { name: 'Rectangle', exact: true }).click();
      await drag([0.2, 0.2], [0.6, 0.6]);
      await page.getByRole('button', { name: 'Pen', exact: true }).click();
      await page.getByRole('button', { name: 'Colour #ffcc00' }).click();
      await drag([0.1, 0.8], [0.9, 0.85]);
      await expect(layers()).resolves.toBe('2 layers');
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await expect(layers()).resolves.toBe('1 layer');
      await page.getByRole('button', { name: 'Redo', exact: true }).click();
      await expect(layers()).resolves.toBe('2 layers');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByText('Draft saved').first().waitFor();
      expect(await strapi.db.query('plugin::client-gallery.markup-draft').count({})).toBe(1);

      await page.reload();
      await page.getByTestId('markup-surface').waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid="layer-count"]')?.textContent === '2 layers');
      await page.getByRole('button', { name: 'Arrow', exact: true }).click();
      await drag([0.8, 0.1], [0.55, 0.35]);
      await expect(layers()).resolves.toBe('3 layers');
      await shot(page, 'admin-markup-editor.png');

      await page.getByRole('button', { name: 'Submit', exact: true }).click();
      await page.waitForURL(/\/clients\/[^/]+$/);
      const pair = page.getByTestId('gallery-image').filter({ hasText: /after/i });
      await pair.nth(1).waitFor();
      expect(await pair.count()).toBe(2);
      await expect(pair.first().innerText()).resolves.toMatch(/marked up/i);
      const markup = await strapi.db
        .query('plugin::client-gallery.gallery-image')
        .findOne({ where: { markupOf: { id: { $notNull: true } } }, populate: { markupOf: { select: ['label'] } } });
      expect(markup.markupOf.label).toBe('After');
      expect(markup.markupLayers).toHaveLength(3);
      expect(await strapi.db.query('plugin::client-gallery.markup-draft').count({})).toBe(0);
      await shot(page, 'admin-markup-pair.png');
    } finally {
      await page.close();
    }
  });
});

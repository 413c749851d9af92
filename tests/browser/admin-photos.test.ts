import { execFileSync, execSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Core } from '@strapi/strapi';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { createAdmin, createSuperAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, uploadFile } from '../helpers/fixtures';
import { ingestPhoto } from '../helpers/downloads';
import { TEXT_FILE } from '../helpers/photos';
import { galleryImageIds, makeLink } from '../helpers/share';

/**
 * The Photos tab's batch tools and upload in a real Chromium, and the phone layout: tick photos
 * (click, Shift-range, keyboard, select all), label them, add them to a gallery, download them as
 * a zip that unzips, delete with a record's photo kept and reported; drop several files on the tab
 * and watch them upload (bounded, with progress, a bad file refused with the server's reason,
 * cancel and retry); and at 390 px the comparison and the link list fit the screen.
 */
const IMAGE = 'plugin::client-gallery.gallery-image';
let booted: BootedStrapi;
let strapi: Core.Strapi;
let baseUrl: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: { email: string; password: string };
let viewer: { email: string; password: string };
let clientId: string;
let galleryId: string;
const originals = new Map<string, Buffer>();

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, name), fullPage: true });
};
const tiles = (page: Page) => page.getByTestId('gallery-image');
const status = (page: Page) => page.getByTestId('selection-status').innerText();
const checkbox = (page: Page, i: number) => tiles(page).nth(i).getByRole('checkbox');

const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();
/**
 * A page signed in as `account`, shown at `viewport`. Each account logs in once (the admin
 * rate-limits logins); later pages reuse its session.
 */
async function logIn(account: { email: string; password: string }, viewport = { width: 1440, height: 1000 }) {
  const saved = sessions.get(account.email);
  const context = await browser.newContext({ viewport, acceptDownloads: true, ...(saved ? { storageState: saved } : {}) });
  const page = await context.newPage();
  if (saved) return page;
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(account.email);
  await page.getByLabel(/^password/i).fill(account.password);
  await page.getByRole('checkbox', { name: /remember me/i }).click();
  await page.getByRole('button', { name: /login/i }).click();
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });
  sessions.set(account.email, await context.storageState());
  await page.setViewportSize(viewport);
  return page;
}
async function openPhotos(page: Page) {
  await page.goto(`${baseUrl}/admin/plugins/client-gallery/clients/${clientId}`);
  await tiles(page).first().waitFor();
}

const solid = (background: string, width = 900, height = 600) =>
  sharp({ create: { width, height, channels: 3, background } })
    .jpeg({ quality: 92 })
    .toBuffer();
/** A photo of noise: big enough (a few MB) that its upload takes visible time on a throttled line. */
const noisy = (seed: number) =>
  sharp({ create: { width: 1800 + seed, height: 1200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 95 })
    .toBuffer();

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi('browser-photos', {}, { serveAdminPanel: true });
  strapi = booted.strapi;
  baseUrl = booted.baseUrl;
  owner = await createSuperAdmin(strapi);
  viewer = await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer');
  clientId = (await createClient(strapi, 'Mia Batch')).documentId;
  // Oldest first, so the grid (newest first) shows them as D, C, B, A.
  for (const [i, colour] of ['#d01010', '#1010d0', '#10a010', '#d0a010'].entries()) {
    const bytes = await solid(colour);
    const { documentId } = await ingestPhoto(strapi, clientId, bytes, `photo-${'abcd'[i]}.jpg`);
    originals.set(documentId, bytes);
  }
  // A note's photo: it leaves the gallery with its note, never from the Photos tab.
  const file = await uploadFile(strapi, await solid('#808080', 600, 400), 'note-photo.jpg');
  await strapi.documents('api::client-note.client-note').create({ data: { client: clientId, body: 'Consultation', photos: [file.id] } as any });
  const gallery = await strapi.documents('plugin::client-gallery.gallery').create({ data: { title: 'Mia favourites', client: clientId, images: [] } as any });
  galleryId = gallery.documentId;
  await strapi.documents('plugin::client-gallery.gallery').publish({ documentId: galleryId });
  await makeLink(strapi, galleryId, { recipientEmail: 'mia.with.a.rather.long.address@client-galleries.test', recipientName: 'Mia Batch' });
  await makeLink(strapi, galleryId, { kind: 'general' });
  ({ browser, close: closeBrowser } = await launchChromium());
}, 600000);

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
});

describe('the Photos tab selection', () => {
  it('ticks by click, Shift-click range and keyboard, selects all on the page, and clears', async () => {
    const page = await logIn(owner);
    try {
      await openPhotos(page);
      expect(await tiles(page).count()).toBe(5);
      await checkbox(page, 0).click();
      await checkbox(page, 2).click({ modifiers: ['Shift'] });
      await expect(status(page)).resolves.toBe('3 selected');
      expect(await tiles(page).evaluateAll((t) => t.map((e) => e.getAttribute('data-selected')))).toEqual(['true', 'true', 'true', 'false', 'false']);
      // Shift-click again from the last tick clears the run when the anchor is ticked off.
      await checkbox(page, 2).click();
      await checkbox(page, 1).click({ modifiers: ['Shift'] });
      await expect(status(page)).resolves.toBe('1 selected');
      // From the keyboard: focus a checkbox, Space ticks it.
      await checkbox(page, 4).focus();
      await page.keyboard.press('Space');
      await expect(status(page)).resolves.toBe('2 selected');
      await page.getByRole('button', { name: 'Select all (5)' }).click();
      await expect(status(page)).resolves.toBe('5 selected');
      expect(await page.getByRole('button', { name: 'Compare (5)' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Clear' }).click();
      await expect(status(page)).resolves.toMatch(/^Newest first/);
    } finally {
      await page.context().close();
    }
  });

  it('labels several photos, adds them to a gallery, and downloads them as a zip that unzips', async () => {
    const page = await logIn(owner);
    try {
      await openPhotos(page);
      // The three newest uploads: D, C, B.
      const ids = await tiles(page).evaluateAll((t) => t.map((e) => e.getAttribute('data-document-id')!));
      const picked = ids.filter((id) => originals.has(id)).slice(0, 3);
      for (const id of picked) await page.locator(`[data-document-id="${id}"]`).getByRole('checkbox').click();
      await expect(status(page)).resolves.toBe('3 selected');

      await page.getByRole('button', { name: 'Set label' }).click();
      const labelForm = page.getByTestId('batch-label-form');
      await labelForm.getByRole('textbox').fill('Session A');
      await labelForm.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByTestId('batch-outcome').innerText()).resolves.toMatch(/Label “Session A” set on 3 photos/);
      expect((await strapi.db.query(IMAGE).findMany({ where: { label: 'Session A' }, select: ['documentId'] })).map((r: any) => r.documentId).sort()).toEqual(
        [...picked].sort(),
      );
      expect(await page.locator('[data-testid="gallery-image"]', { hasText: 'Session A' }).count()).toBe(3);

      await page.getByRole('button', { name: 'Add to gallery' }).click();
      const galleryForm = page.getByTestId('batch-gallery-form');
      await galleryForm.getByRole('combobox').click();
      await page.getByRole('option', { name: /Mia favourites \(0 photos\)/ }).click();
      await galleryForm.getByRole('button', { name: 'Add to gallery' }).click();
      await page.waitForFunction(() => /3 photos added to “Mia favourites”/.test(document.querySelector('[data-testid="batch-outcome"]')?.textContent ?? ''));
      expect(await galleryImageIds(strapi, galleryId)).toEqual(picked);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download zip' }).click()]);
      expect(download.suggestedFilename()).toBe('photos-3.zip');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-admin-zip-'));
      try {
        const file = path.join(dir, 'photos.zip');
        await download.saveAs(file);
        expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
        const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
        expect(names).toHaveLength(3);
        const contents = names.map((name) => execFileSync('unzip', ['-p', file, name]));
        expect(contents.every((bytes, i) => bytes.equals(originals.get(picked[i])!))).toBe(true);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      await shot(page, 'admin-photos-batch.png');
    } finally {
      await page.context().close();
    }
  });

  it('deletes the photos it may, keeps a note’s photo and says why', async () => {
    const page = await logIn(owner);
    try {
      await openPhotos(page);
      const note = await strapi.db.query(IMAGE).findOne({ where: { client: { documentId: clientId }, source: 'client-note' }, select: ['documentId'] });
      const upload = [...originals.keys()][0]; // A, the oldest
      await page.locator(`[data-document-id="${note.documentId}"]`).getByRole('checkbox').click();
      await page.locator(`[data-document-id="${upload}"]`).getByRole('checkbox').click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      const confirm = page.getByRole('alertdialog');
      await expect(confirm.innerText()).resolves.toMatch(/Delete 2 photos\?/);
      await confirm.getByRole('button', { name: 'Delete' }).click();
      const outcome = page.getByTestId('batch-outcome');
      await outcome.waitFor();
      await expect(outcome.innerText()).resolves.toMatch(/1 photo deleted, 1 photo kept/);
      await expect(outcome.getByTestId('batch-failure').innerText()).resolves.toMatch(/belongs to a/);
      await shot(page, 'admin-photos-delete-partial.png');
      expect(await strapi.db.query(IMAGE).count({ where: { documentId: upload } })).toBe(0);
      expect(await strapi.db.query(IMAGE).count({ where: { documentId: note.documentId } })).toBe(1);
      expect(await tiles(page).count()).toBe(4);
      originals.delete(upload);
    } finally {
      await page.context().close();
    }
  });

  it('offers a View-only user Compare, but no label, gallery, zip or delete', async () => {
    const page = await logIn(viewer);
    try {
      await openPhotos(page);
      await checkbox(page, 0).click();
      await checkbox(page, 1).click();
      await expect(status(page)).resolves.toBe('2 selected');
      expect(await page.getByRole('button', { name: 'Compare (2)' }).isEnabled()).toBe(true);
      for (const name of ['Set label', 'Add to gallery', 'Download zip', 'Delete'])
        expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});

/** Drop files on an element as a user dragging them from the desktop would. */
async function dropFiles(page: Page, selector: string, files: Array<{ name: string; type: string; bytes: Buffer }>) {
  await page.evaluate(
    ({ selector, files }) => {
      const transfer = new DataTransfer();
      for (const f of files) transfer.items.add(new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
      const target = document.querySelector(selector)!;
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { selector, files: files.map((f) => ({ name: f.name, type: f.type, data: f.bytes.toString('base64') })) },
  );
}
const uploadState = (page: Page) => page.getByTestId('upload-result').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));

describe('uploading by drag and drop', () => {
  it('uploads dropped files a few at a time with progress, refuses a non-image with the server’s reason, and cancels and retries', async () => {
    const page = await logIn(owner);
    try {
      await openPhotos(page);
      const before = await tiles(page).count();
      // A slow line (about 2 MB/s up), so every file spends visible time in flight.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024 });
      await page.evaluate(() => {
        const w = window as any;
        w.__inFlight = 0;
        w.__progress = [];
        setInterval(() => {
          w.__inFlight = Math.max(w.__inFlight, document.querySelectorAll('[data-testid="upload-result"][data-state="uploading"]').length);
          for (const bar of Array.from(document.querySelectorAll('[data-testid="upload-progress"]')))
            w.__progress.push(Number(bar.getAttribute('aria-valuenow')));
        }, 20);
      });
      const photos = await Promise.all([1, 2, 3, 4].map(noisy));
      await dropFiles(page, '[data-testid="photos-drop-target"]', [
        ...photos.map((bytes, i) => ({ name: `dropped-${i + 1}.jpg`, type: 'image/jpeg', bytes })),
        { name: 'notes.jpg', type: 'image/jpeg', bytes: TEXT_FILE },
      ]);
      const dialog = page.getByRole('dialog');
      await expect(uploadState(page)).resolves.toEqual(['ready', 'ready', 'ready', 'ready', 'ready']);
      await dialog.getByRole('button', { name: 'Upload 5 photos' }).click();
      await page.locator('[data-testid="upload-progress"]').first().waitFor();
      await shot(page, 'admin-photos-upload-progress.png');
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="upload-result"]:is([data-state="created"],[data-state="error"])').length === 5,
        null,
        { timeout: 60000 },
      );
      expect(await uploadState(page)).toEqual(['created', 'created', 'created', 'created', 'error']);
      const inFlight = await page.evaluate(() => (window as any).__inFlight);
      expect(inFlight).toBeGreaterThanOrEqual(2);
      expect(inFlight).toBeLessThanOrEqual(3);
      // The bars moved: part-way values were on screen, not only empty and full.
      expect((await page.evaluate(() => (window as any).__progress as number[])).some((value) => value > 0 && value < 100)).toBe(true);
      const bad = page.getByTestId('upload-result').nth(4);
      await expect(bad.innerText()).resolves.toMatch(/notes\.jpg[\s\S]*not an image/);
      await shot(page, 'admin-photos-upload-done.png');

      // Retry the refused file: refused again, for the same reason.
      await bad.getByRole('button', { name: 'Retry notes.jpg' }).click();
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="upload-result"][data-state="error"]').length === 1 &&
          !document.querySelector('[data-state="uploading"],[data-state="waiting"]'),
      );
      await expect(bad.innerText()).resolves.toMatch(/not an image/);

      // Cancel a file in flight; nothing of it is stored. Retried, it goes through.
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
      await dialog.getByTestId('upload-input').setInputFiles([{ name: 'slow.jpg', mimeType: 'image/jpeg', buffer: await noisy(9) }]);
      await dialog.getByRole('button', { name: 'Upload', exact: true }).click();
      const slow = page.getByTestId('upload-result').nth(5);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="upload-result"]')[5]?.getAttribute('data-state') === 'uploading');
      await slow.getByRole('button', { name: 'Cancel slow.jpg' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="upload-result"]')[5]?.getAttribute('data-state') === 'cancelled');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await tiles(page).count()).toBe(before + 4);
      await slow.getByRole('button', { name: 'Retry slow.jpg' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="upload-result"]')[5]?.getAttribute('data-state') === 'created', null, {
        timeout: 30000,
      });
      await dialog.getByRole('button', { name: 'Close' }).last().click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="gallery-image"]').length === n, before + 5);
      expect(await strapi.db.query(IMAGE).count({ where: { client: { documentId: clientId }, source: 'upload' } })).toBe(originals.size + 5);
    } finally {
      await page.context().close();
    }
  });
});

describe('on a phone (390 px wide)', () => {
  const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('stacks the compared photos, each as wide as the screen allows, with no sideways scroll', async () => {
    const page = await logIn(owner, { width: 390, height: 844 });
    try {
      const [a, b] = [...originals.keys()];
      await page.goto(`${baseUrl}/admin/plugins/client-gallery/clients/${clientId}/compare?ids=${a},${b}`);
      await page.getByTestId('compare-image').nth(1).waitFor();
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('[data-testid="compare-image"]')).every((img) => (img as HTMLImageElement).complete),
      );
      const boxes = await page.getByTestId('compare-image').evaluateAll((images) => images.map((img) => img.parentElement!.getBoundingClientRect().toJSON()));
      for (const box of boxes) {
        expect(box.width).toBeGreaterThan(300);
        // The pane is the photo's shape (900 × 600): no bands of empty space above and below.
        expect(Math.abs(box.height - (box.width * 600) / 900)).toBeLessThan(3);
      }
      expect(boxes[1].top).toBeGreaterThan(boxes[0].bottom);
      expect(await noSideScroll(page)).toBe(true);
      await page.getByTestId('compare-pane').nth(0).scrollIntoViewIfNeeded();
      await shot(page, 'admin-photos-compare-390.png');
    } finally {
      await page.context().close();
    }
  });

  it('shows the links as cards, with their actions, and no sideways scroll', async () => {
    const page = await logIn(owner, { width: 390, height: 844 });
    try {
      await openPhotos(page);
      expect(await noSideScroll(page)).toBe(true);
      await page.getByRole('tab', { name: 'Galleries & sharing' }).click();
      const cards = page.getByTestId('link-cards');
      await cards.getByTestId('link-row').nth(1).waitFor();
      expect(await page.locator('table [data-testid="link-row"]').count()).toBe(0);
      const mia = cards.getByTestId('link-row').filter({ hasText: 'mia.with.a.rather.long.address' });
      await expect(mia.innerText()).resolves.toMatch(/Private link[\s\S]*Active[\s\S]*Invitation/);
      expect(await mia.getByRole('button', { name: 'Revoke link' }).isVisible()).toBe(true);
      expect(await noSideScroll(page)).toBe(true);
      await mia.scrollIntoViewIfNeeded();
      await shot(page, 'admin-photos-links-390.png');
    } finally {
      await page.context().close();
    }
  });
});

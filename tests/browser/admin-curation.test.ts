import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import type { Browser, Page } from 'playwright-core';
import type { Core } from '@strapi/strapi';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { createSuperAdmin } from '../helpers/admin';
import { createClient, makeJpeg } from '../helpers/fixtures';
import { ingestPhoto } from '../helpers/downloads';
import { makeLink } from '../helpers/share';

/**
 * Curating a gallery in a real Chromium: reorder by drag and drop and from the keyboard, save the
 * order (the visitor's page follows at once), choose the cover, add and remove photos, duplicate
 * and delete the gallery.
 */
const GALLERY = 'plugin::client-gallery.gallery';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: { email: string; password: string };
let clientId: string;
let galleryId: string;
let token: string;
const photo: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, name), fullPage: true });
};
const order = async (page: Page) => page.getByTestId('curation-photo').evaluateAll((items) => items.map((item) => item.getAttribute('data-document-id')));
const visitorSees = async () => (await request(strapi.server.httpServer).get(`/api/share/${token}/images`)).body.data.map((image: { id: string }) => image.id);

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi('browser-curation', {}, { serveAdminPanel: true });
  strapi = booted.strapi;
  owner = await createSuperAdmin(strapi);
  clientId = (await createClient(strapi, 'Cleo Curator')).documentId;
  for (const [i, name] of (['A', 'B', 'C', 'D'] as const).entries()) {
    photo[name] = (await ingestPhoto(strapi, clientId, await makeJpeg(40 + i, 300, 200), `${name}.jpg`, `Photo ${name}`)).documentId;
  }
  const gallery = await strapi
    .documents(GALLERY)
    .create({ data: { title: 'Wedding', client: clientId, images: [photo.A, photo.B, photo.C], cover: photo.A, stage: 'ready' } as any });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  galleryId = gallery.documentId;
  token = (await makeLink(strapi, galleryId, { recipientEmail: 'cleo@client.test' })).token;
  ({ browser, close: closeBrowser } = await launchChromium());
}, 600000);

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
});

describe('gallery curation in the admin', () => {
  it('reorders by drag and by keyboard, sets the cover, adds and removes photos; the visitor sees the order at once', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    try {
      await page.goto(`${booted.baseUrl}/admin/auth/login`);
      await page.getByLabel(/email/i).fill(owner.email);
      await page.getByLabel(/^password/i).fill(owner.password);
      await page.getByRole('button', { name: /login/i }).click();
      await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });
      await page.goto(`${booted.baseUrl}/admin/plugins/client-gallery/clients/${clientId}`);
      await page.getByRole('tab', { name: 'Galleries & sharing' }).click();
      await page.getByRole('button', { name: 'Curate photos' }).click();
      await page.getByTestId('curation-photo').nth(2).waitFor();
      expect(await order(page)).toEqual([photo.A, photo.B, photo.C]);

      // Drag C onto A: C goes first.
      await page.dragAndDrop(`[data-testid="curation-photo"][data-document-id="${photo.C}"]`, `[data-testid="curation-photo"][data-document-id="${photo.A}"]`);
      expect(await order(page)).toEqual([photo.C, photo.A, photo.B]);
      // Keyboard: focus B (last) and move it one place left.
      await page.locator(`[data-testid="curation-photo"][data-document-id="${photo.B}"]`).focus();
      await page.keyboard.press('Alt+ArrowLeft');
      expect(await order(page)).toEqual([photo.C, photo.B, photo.A]);
      expect(await visitorSees()).toEqual([photo.A, photo.B, photo.C]);
      await page.getByRole('button', { name: 'Save order' }).click();
      await page.getByText('Order saved: visitors see it now').waitFor();
      expect(await visitorSees()).toEqual([photo.C, photo.B, photo.A]);

      await page.getByRole('button', { name: 'Make cover: Photo B' }).click();
      // The dialog already marks the current cover when it opens, so the mark is no sign the save
      // is done: wait for the published gallery to name Photo B (or give up after 10 s).
      const liveCover = async () =>
        (
          await strapi.db
            .query(GALLERY)
            .findOne({ where: { documentId: galleryId, publishedAt: { $notNull: true } }, populate: { cover: { select: ['documentId'] } } })
        )?.cover?.documentId;
      for (const until = Date.now() + 10_000; Date.now() < until && (await liveCover()) !== photo.B; ) await new Promise((r) => setTimeout(r, 100));
      expect(await liveCover()).toBe(photo.B);

      await page.getByTestId('curation-candidates').getByRole('checkbox').check();
      await page.getByRole('button', { name: 'Add 1 selected' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="curation-photo"]').length === 4);
      await page.getByRole('button', { name: 'Remove from gallery: Photo A' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="curation-photo"]').length === 3);
      expect(await order(page)).toEqual([photo.C, photo.B, photo.D]);
      expect(await visitorSees()).toEqual([photo.C, photo.B, photo.D]);
      await shot(page, 'admin-curation.png');
      await page.getByLabel('Curate “Wedding”').getByRole('button', { name: 'Close', exact: true }).click();

      // Duplicate, then delete the copy.
      await page.getByRole('button', { name: 'Duplicate' }).click();
      await page.getByText('Wedding (copy)').waitFor();
      const copy = await strapi.db.query(GALLERY).findOne({ where: { title: 'Wedding (copy)' }, select: ['documentId'] });
      expect(await strapi.plugin('client-gallery').service('gallery-curation').orderOf(copy.documentId, 'all')).toEqual([photo.C, photo.B, photo.D]);
      await page.getByRole('button', { name: 'Delete gallery' }).first().click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete gallery' }).click();
      await page.getByText('Wedding (copy)', { exact: true }).waitFor({ state: 'detached' });
      expect(await strapi.db.query(GALLERY).count({ where: { title: 'Wedding (copy)' } })).toBe(0);
      expect(await visitorSees()).toEqual([photo.C, photo.B, photo.D]);
    } finally {
      await page.close();
    }
  });
});

import { execSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { Browser, Page } from 'playwright-core';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { createAdmin, createSuperAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { ingestPhoto } from '../helpers/downloads';
import { galleryImageIds, makeGallery, makeLink } from '../helpers/share';
import { TEXT_FILE } from '../helpers/photos';
import { renderDemoPhoto } from '../../src/demo/photos';

/**
 * The studio's working surface in a real Chromium: upload, compare, share, revoke, activity,
 * notifications, and what a "View client gallery"-only role does not get to see.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let baseUrl: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: { email: string; password: string };
let viewer: { email: string; password: string };
let clientId: string;
let galleryId: string;
let beforeBytes: Buffer;
const outbox = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-outbox-'));

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, name), fullPage: true });
};

async function logIn(account: { email: string; password: string }) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(account.email);
  await page.getByLabel(/^password/i).fill(account.password);
  await page.getByRole('button', { name: /login/i }).click();
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });
  return page;
}

const clientUrl = () => `${baseUrl}/admin/plugins/client-gallery/clients/${clientId}`;
const tiles = (page: Page) => page.getByTestId('gallery-image');

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi('browser-studio', { OUTBOX_DIR: outbox, SMTP_HOST: '' }, { serveAdminPanel: true });
  strapi = booted.strapi;
  baseUrl = booted.baseUrl;

  owner = await createSuperAdmin(strapi);
  viewer = await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'viewer');

  // A clinic client: two gallery photos, then a "Before" and an "After" taken through the real ingest.
  const fileId = (await uploadFile(strapi, await makeJpeg(3, 640, 480), 'session.jpg')).id;
  const { client, gallery } = await makeGallery(strapi, 'Dana Whitfield', fileId, { status: 'ready', images: 2, newest: '2026-01-10T10:00:00.000Z' });
  clientId = client.documentId;
  galleryId = gallery.documentId;
  beforeBytes = await renderDemoPhoto(11, 'Before', { width: 900, height: 600 });
  await ingestPhoto(strapi, clientId, beforeBytes, 'before.jpg', 'Before');
  await ingestPhoto(strapi, clientId, await renderDemoPhoto(12, 'After', { width: 900, height: 600 }), 'after.jpg', 'After');

  // A link someone already used: its view is activity and a "first view" milestone.
  const { link } = await makeLink(strapi, galleryId, { recipientEmail: 'old.address@client.test', recipientName: 'Dana (old address)' });
  await strapi.plugin('client-gallery').service('activity').record({ type: 'view', linkId: link.id });

  ({ browser, close: closeBrowser } = await launchChromium());
}, 600000);

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
  fs.rmSync(outbox, { recursive: true, force: true });
});

describe('client-gallery admin: the studio surface', () => {
  describe('as a user with "Modify client gallery"', () => {
    let page: Page;
    beforeAll(async () => {
      page = await logIn(owner);
      await page.goto(clientUrl());
      await tiles(page).nth(3).waitFor();
    });
    afterAll(async () => page?.close());

    it('uploads photos through the dialog and reports each file: added, duplicate, or refused', async () => {
      expect(await tiles(page).count()).toBe(4);
      await page.getByRole('button', { name: 'Upload photos' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('upload-input').setInputFiles([
        { name: 'week-4.jpg', mimeType: 'image/jpeg', buffer: await renderDemoPhoto(13, 'Week 4', { width: 900, height: 600 }) },
        { name: 'before-again.jpg', mimeType: 'image/jpeg', buffer: beforeBytes },
        { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: TEXT_FILE },
      ]);
      await dialog.getByLabel(/label/i).fill('Week 4');
      await dialog.getByRole('button', { name: 'Upload 3 photos' }).click();
      const results = dialog.getByTestId('upload-result');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="upload-result"][data-state="created"], [data-testid="upload-result"][data-state="duplicate"], [data-testid="upload-result"][data-state="error"]').length === 3);
      expect(await results.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')))).toEqual(['created', 'duplicate', 'error']);
      expect(await results.nth(1).innerText()).toMatch(/already in/i);
      await shot(page, 'admin-studio-upload.png');
      await dialog.getByRole('button', { name: 'Close' }).last().click();

      await page.waitForFunction(() => document.querySelectorAll('[data-testid="gallery-image"]').length === 5);
      expect(await tiles(page).first().innerText()).toMatch(/week 4/i);
      await page.waitForFunction(() => {
        const img = document.querySelector('[data-testid="gallery-image"] img') as HTMLImageElement | null;
        return Boolean(img && img.complete && img.naturalWidth > 0);
      });
    });

    it('deletes a photo after confirmation', async () => {
      await tiles(page).first().getByRole('button', { name: 'Delete photo' }).click();
      const confirm = page.getByRole('alertdialog');
      await expect(confirm.innerText()).resolves.toMatch(/cannot be undone/i);
      await confirm.getByRole('button', { name: 'Delete' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="gallery-image"]').length === 4);
      expect(await tiles(page).allInnerTexts()).not.toContainEqual(expect.stringMatching(/week 4/i));
      const left = await strapi.db.query('plugin::client-gallery.gallery-image').count({ where: { label: 'Week 4' } });
      expect(left).toBe(0);
    });

    it('compares two selected photos side by side, with date and label, zoom and keyboard navigation', async () => {
      await page.getByRole('checkbox', { name: 'Select Before' }).click();
      await page.getByRole('checkbox', { name: 'Select After' }).click();
      await expect(page.getByTestId('selection-status').innerText()).resolves.toBe('2 selected');
      expect(await page.getByRole('button', { name: 'Compare (2)' }).isEnabled()).toBe(true);
      await page.waitForTimeout(300); // let the selection outline's transition finish before the screenshot
      await shot(page, 'admin-studio-photos.png');
      await page.getByRole('button', { name: 'Compare (2)' }).click();
      await page.waitForURL(/\/clients\/[^/]+\/compare\?ids=[^,]+,[^,]+$/);

      const images = page.getByTestId('compare-image');
      await images.nth(1).waitFor();
      await page.waitForFunction(() => {
        const imgs = Array.from(document.querySelectorAll('[data-testid="compare-image"]')) as HTMLImageElement[];
        return imgs.length === 2 && imgs.every((img) => img.complete && img.naturalWidth > 0);
      });
      const captions = await page.getByTestId('compare-caption').allInnerTexts();
      expect(captions[0]).toMatch(/before/i);
      expect(captions[1]).toMatch(/after/i);
      expect(captions[0]).toMatch(/\d{4}/); // a date

      // Synchronized zoom: "+" zooms every pane.
      await page.keyboard.press('+');
      await expect(page.getByTestId('zoom-level').innerText()).resolves.toBe('125%');
      const transforms = await images.evaluateAll((imgs) => imgs.map((img) => (img as HTMLElement).style.transform));
      expect(transforms.every((t) => t.includes('scale(1.25)'))).toBe(true);
      await shot(page, 'admin-studio-compare.png');

      // ← moves the active (first) pane one photo older: "Before" is followed by the gallery photos.
      const idsBefore = new URL(page.url()).searchParams.get('ids');
      await page.keyboard.press('ArrowLeft');
      await page.waitForFunction((previous) => new URL(location.href).searchParams.get('ids') !== previous, idsBefore);
      expect((await page.getByTestId('compare-caption').allInnerTexts())[0]).not.toMatch(/before/i);
      await page.keyboard.press('Escape');
      await page.waitForURL(new RegExp(`/clients/${clientId}$`));
    });

    it('lists the galleries and links, shares with a client and shows the token once', async () => {
      await tiles(page).first().waitFor();
      await page.getByRole('tab', { name: 'Galleries & sharing' }).click();
      const card = page.getByTestId('gallery-card');
      await card.getByTestId('link-row').first().waitFor();
      expect(await card.innerText()).toMatch(/Dana Whitfield gallery/);
      expect(await card.getByTestId('link-row').count()).toBe(1);

      await card.getByRole('button', { name: 'Share with client' }).click();
      const form = page.getByRole('dialog');
      await form.getByLabel('Client email').fill('dana@client.test');
      await form.getByLabel('Client name').fill('Dana Whitfield');
      await form.getByRole('checkbox', { name: /downloads enabled/i }).click();
      await form.getByLabel('Download limit').fill('10');
      await form.getByRole('button', { name: 'Share' }).click();

      const modal = page.getByTestId('token-modal');
      await modal.waitFor();
      const url = await modal.getByTestId('issued-url').inputValue();
      expect(url).toMatch(new RegExp(`^${baseUrl}/g/[A-Za-z0-9_-]{43}$`));
      expect(await modal.innerText()).toMatch(/shown only once/i);
      expect(await modal.getByTestId('invitation-result').innerText()).toMatch(/emailed to dana@client.test/i);
      await shot(page, 'admin-studio-token.png');

      // The URL shown is the real capability: the public API opens the gallery with it.
      const token = url.split('/g/')[1];
      expect((await request(strapi.server.httpServer).get(`/api/share/${token}`)).status).toBe(200);

      await modal.getByRole('button', { name: 'Done' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="link-row"]').length === 2);
      const created = card.getByTestId('link-row').filter({ hasText: 'dana@client.test' });
      expect(await created.innerText()).toMatch(/0 \/ 10/);
      expect(await created.getAttribute('data-state')).toBe('active');
    });

    it('creates the one general link of a gallery, token shown once', async () => {
      const card = page.getByTestId('gallery-card');
      await card.getByRole('button', { name: 'Create general link' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Create link' }).click();
      const modal = page.getByTestId('token-modal');
      await modal.waitFor();
      expect(await modal.getByTestId('issued-url').inputValue()).toMatch(/\/g\/[A-Za-z0-9_-]{43}$/);
      await modal.getByRole('button', { name: 'Done' }).click();
      await card.locator('[data-testid="link-row"][data-kind="general"]').waitFor();
      expect(await card.getByRole('button', { name: 'Create general link' }).isDisabled()).toBe(true);
    });

    it('lets a watermarked link deliver clean downloads: the box is enabled, and its hint says what the visitor gets', async () => {
      const row = page.getByTestId('link-row').filter({ hasText: 'dana@client.test' });
      await row.getByRole('button', { name: 'Edit settings' }).click();
      const form = page.getByRole('dialog');
      const box = form.getByRole('checkbox', { name: /downloaded images have watermarks/i });
      expect(await form.getByRole('checkbox', { name: /watermark photos/i }).isChecked()).toBe(true);
      expect([await box.isChecked(), await box.isEnabled()]).toEqual([true, true]);
      expect(await form.innerText()).toMatch(/Downloads carry the watermark too\./);
      await box.click();
      expect(await box.isChecked()).toBe(false);
      await form.getByText('Views stay watermarked; downloads are the clean photos.').waitFor();
      await shot(page, 'admin-studio-link-clean-downloads.png');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('[data-testid="link-row"]')).some((r) => r.textContent?.includes('dana@client.test') && r.textContent.includes('clean downloads')),
      );
      const stored = await strapi.db.query('plugin::client-gallery.share-link').findOne({ where: { recipientEmail: 'dana@client.test' } });
      expect(stored).toMatchObject({ watermark: true, downloadsWatermarked: false });
    });

    it("edits a link's settings: watermark off, password, expiry", async () => {
      const row = page.getByTestId('link-row').filter({ hasText: 'dana@client.test' });
      await row.getByRole('button', { name: 'Edit settings' }).click();
      const form = page.getByRole('dialog');
      await form.getByRole('checkbox', { name: /watermark photos/i }).click();
      await form.getByLabel('Password').fill('clinic-2026');
      await form.getByLabel('Expires').fill('2027-01-31T18:00');
      await shot(page, 'admin-studio-link-settings.png');
      await form.getByRole('button', { name: 'Save' }).click();
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('[data-testid="link-row"]')).some((r) => r.textContent?.includes('dana@client.test') && r.textContent.includes('No watermark')),
      );
      expect(await row.innerText()).toMatch(/Password[\s\S]*Expires Jan 31, 2027/);
      const stored = await strapi.db.query('plugin::client-gallery.share-link').findOne({ where: { recipientEmail: 'dana@client.test' } });
      expect(stored).toMatchObject({ watermark: false, downloadLimit: 10 });
      expect(stored.passwordHash).toEqual(expect.any(String));
      expect(new Date(stored.expiresAt).getFullYear()).toBe(2027);
    });

    it('revokes a link after confirmation and shows its new state', async () => {
      const row = page.getByTestId('link-row').filter({ hasText: 'old.address@client.test' });
      expect(await row.getAttribute('data-state')).toBe('active');
      await row.getByRole('button', { name: 'Revoke link' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('[data-testid="link-row"]')).some((r) => r.textContent?.includes('old.address@client.test') && r.getAttribute('data-state') === 'revoked'),
      );
      expect(await row.getByTestId('link-state').innerText()).toMatch(/revoked/i);
      expect(await row.getByRole('button', { name: 'Revoke link' }).count()).toBe(0);
      await shot(page, 'admin-studio-links.png');
      const stored = await strapi.db.query('plugin::client-gallery.share-link').findOne({ where: { recipientEmail: 'old.address@client.test' } });
      expect(stored.revokedAt).not.toBeNull();
    });

    it("shows the client's activity and the link's own timeline", async () => {
      const row = page.getByTestId('link-row').filter({ hasText: 'old.address@client.test' });
      await row.getByRole('button', { name: 'Activity' }).click();
      const linkTimeline = page.getByRole('dialog');
      await linkTimeline.getByTestId('activity-item').first().waitFor();
      expect(await linkTimeline.getByTestId('activity-item').first().innerText()).toMatch(/old.address@client.test opened the gallery/);
      await linkTimeline.getByRole('button', { name: 'Close' }).last().click();

      await page.getByRole('tab', { name: 'Activity' }).click();
      // Newest first: the test's own GET with the shared token, its invitation, and the seeded view.
      const items = page.getByTestId('activity-item');
      await items.nth(2).waitFor();
      expect(await items.allInnerTexts()).toEqual([
        expect.stringMatching(/dana@client.test opened the gallery[\s\S]*first view/i),
        expect.stringMatching(/dana@client.test was sent an invitation/),
        expect.stringMatching(/old.address@client.test opened the gallery[\s\S]*first view/i),
      ]);
      await shot(page, 'admin-studio-activity.png');
    });

    it('lists unread milestones and marks them read', async () => {
      await page.goto(`${baseUrl}/admin/plugins/client-gallery`);
      await page.waitForFunction(() => /Notifications\s*2/.test(document.querySelector('[data-testid="notifications-button"]')?.textContent ?? ''));
      await page.getByTestId('notifications-button').click();
      const notifications = page.getByTestId('notification');
      await notifications.nth(1).waitFor();
      expect(await notifications.count()).toBe(2);
      expect(await notifications.first().innerText()).toMatch(/first view[\s\S]*dana@client.test opened the gallery[\s\S]*Dana Whitfield gallery/i);
      await shot(page, 'admin-studio-notifications.png');

      await notifications.first().getByRole('button', { name: 'Mark as read' }).click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="notification"]').length === 1);
      expect(await notifications.first().innerText()).toMatch(/old.address@client.test/);
      await page.getByRole('button', { name: 'Mark all as read' }).click();
      await page.getByText('You are all caught up.').waitFor();
      const unread = await strapi.db.query('plugin::client-gallery.activity-event').count({ where: { milestone: { $notNull: true }, readAt: { $null: true } } });
      expect(unread).toBe(0);
    });

    it('labels a photo, makes an unpublished gallery of the labelled photos, edits and publishes it', async () => {
      await page.goto(clientUrl());
      const after = tiles(page).filter({ has: page.getByRole('img', { name: 'After' }) });
      await after.getByRole('button', { name: 'Edit label' }).click();
      const labelForm = page.getByTestId('label-form');
      await labelForm.getByLabel('Label', { exact: true }).fill('Results');
      await labelForm.getByRole('button', { name: 'Save' }).click();
      await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="gallery-image"]')).some((t) => t.textContent?.includes('Results')));
      expect(await strapi.db.query('plugin::client-gallery.gallery-image').count({ where: { label: 'Results' } })).toBe(1);

      await page.getByRole('tab', { name: 'Galleries & sharing' }).click();
      await page.getByRole('button', { name: 'New gallery' }).click();
      const form = page.getByTestId('gallery-form');
      await form.getByLabel('Title').fill('Treatment results');
      await form.getByRole('checkbox', { name: /only the photos with one label/i }).click();
      await form.getByLabel('Label', { exact: true }).fill('Results');
      await form.getByLabel('Selection deadline').fill('2027-02-01');
      await shot(page, 'admin-studio-new-gallery.png');
      await form.getByRole('button', { name: 'Create gallery' }).click();

      const card = page.getByTestId('gallery-card').filter({ hasText: 'Treatment results' });
      await card.waitFor();
      expect(await card.innerText()).toMatch(/Unavailable \(unpublished\)[\s\S]*1 photo ·[\s\S]*selection deadline/i);
      const made = await strapi.db.query('plugin::client-gallery.gallery').findOne({ where: { title: 'Treatment results', publishedAt: null } });
      const madeImages = await strapi.db.query('plugin::client-gallery.gallery-image').findMany({ where: { documentId: { $in: await galleryImageIds(strapi, made.documentId) } }, select: ['label'] });
      expect(madeImages.map((i: { label: string }) => i.label)).toEqual(['Results']);
      const { token } = await makeLink(strapi, made.documentId, { kind: 'general' });
      expect((await request(strapi.server.httpServer).get(`/api/share/${token}`)).body.error.name).toBe('GalleryUnavailableError');

      await card.getByRole('button', { name: 'Publish' }).click();
      await card.getByRole('button', { name: 'Unpublish' }).waitFor();
      expect(await card.innerText()).not.toMatch(/Unavailable/i);

      await card.getByRole('button', { name: 'Edit details' }).click();
      const details = page.getByTestId('gallery-form');
      await details.getByLabel('Title').fill('Treatment results, final');
      await details.getByRole('button', { name: 'Save' }).click();
      await page.getByTestId('gallery-card').filter({ hasText: 'Treatment results, final' }).waitFor();
      await shot(page, 'admin-studio-galleries.png');
      const view = await request(strapi.server.httpServer).get(`/api/share/${token}`);
      expect([view.status, view.body.data?.title]).toEqual([200, 'Treatment results, final']);
    });
  });

  describe('as a user with only "View client gallery"', () => {
    it('sees photos, links and activity, but no upload, delete, share or link actions', async () => {
      const page = await logIn(viewer);
      try {
        await page.goto(clientUrl());
        await tiles(page).nth(3).waitFor();
        expect(await page.getByRole('button', { name: 'Upload photos' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Delete photo' }).count()).toBe(0);
        expect(await page.getByRole('checkbox', { name: /^Select / }).count()).toBe(4);

        await page.getByRole('tab', { name: 'Galleries & sharing' }).click();
        await page.getByTestId('link-row').nth(1).waitFor();
        expect(await page.getByRole('button', { name: 'Edit label' }).count()).toBe(0);
        for (const name of ['New gallery', 'Edit details', 'Publish', 'Unpublish', 'Share with client', 'Create general link', 'Revoke link', 'Edit settings', 'Regenerate link']) {
          expect(await page.getByRole('button', { name }).count()).toBe(0);
        }
        expect(await page.getByRole('button', { name: 'Activity' }).count()).toBe(4); // one per link, the new gallery's general link included
        await shot(page, 'admin-studio-viewer.png');
      } finally {
        await page.close();
      }
    });
  });
});

import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { Browser, Page } from 'playwright-core';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { launchChromium } from '../helpers/browser';
import { createAdmin, createSuperAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient, createImage, makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeLink } from '../helpers/share';

/**
 * What a staff member is shown and where a mail sends them, in a real Chromium:
 * - a staff member who may not read notes, forms or appointments sees as many photos counted as
 *   tiles, on the client page and on the gallery card;
 * - the comment digest's "Reply in the admin" link, followed while signed out, lands (after the
 *   sign-in page) in the gallery's Proofing dialog on that photo's thread, ready to reply.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: { email: string; password: string };
let staff: { email: string; password: string };
let clientId: string;
let galleryId: string;
let token: string;
let imageIds: string[];
const GALLERY = 'plugin::client-gallery.gallery';
const visitor = () => request(booted.baseUrl);

async function signIn(page: Page, account: { email: string; password: string }) {
  await page.getByLabel(/email/i).fill(account.email);
  await page.getByLabel(/^password/i).fill(account.password);
  await page.getByRole('button', { name: /login/i }).click();
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi(
    'browser-admin-staff-links',
    { OUTBOX_DIR: '.tmp/outbox-admin-staff-links-browser', SMTP_HOST: '', CRON_ENABLED: 'false', STUDIO_NOTIFY_EMAIL: 'studio@studio.test' },
    { serveAdminPanel: true },
  );
  strapi = booted.strapi;
  owner = await createSuperAdmin(strapi);
  staff = await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'no-records');
  const client = await createClient(strapi, 'Iris Inbox');
  clientId = client.documentId;
  imageIds = [];
  for (const [i, name] of ['IRIS_01.jpg', 'IRIS_02.jpg', 'IRIS_03.jpg', 'IRIS_04.jpg'].entries()) {
    const file = await uploadFile(strapi, await makeJpeg(60 + i, 320, 240), name);
    imageIds.push((await createImage(strapi, { fileId: file.id, clientDocumentId: clientId, takenAt: `2026-06-0${i + 1}T10:00:00.000Z` })).documentId);
  }
  // A note's photo: in the gallery and the owner's count, but not this staff member's.
  const noteFile = await uploadFile(strapi, await makeJpeg(70, 320, 240), 'IRIS_NOTE.jpg');
  const notePhoto = await createImage(strapi, { fileId: noteFile.id, clientDocumentId: clientId, takenAt: '2026-06-09T10:00:00.000Z', source: 'client-note', sourceRef: 'client-note:iris' });
  const gallery = await strapi.documents(GALLERY).create({
    data: { title: 'Iris proofing', client: clientId, images: [...imageIds, notePhoto.documentId], cover: imageIds[0], stage: 'proofing', deadline: '2099-01-01', commentsAllowed: true } as any,
  });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  galleryId = gallery.documentId;
  token = (await makeLink(strapi, gallery.documentId, { recipientEmail: 'iris@client.test', recipientName: 'Iris' })).token;
  ({ browser, close: closeBrowser } = await launchChromium());
}, 900000);

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
});

describe('what staff are shown, and where the digest sends them', () => {
  it('shows a staff member without record permissions as many photos counted as tiles', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${booted.baseUrl}/admin/plugins/client-gallery/clients/${clientId}`);
    await signIn(page, staff);
    const tiles = page.getByTestId('gallery-image');
    await tiles.first().waitFor({ timeout: 60000 });
    await page.getByText(/\d+ photos?/).first().waitFor();
    const shown = await page.evaluate(() => document.body.innerText.match(/(\d+) photos?/)?.[1]);
    expect(Number(shown)).toBe(await tiles.count());
    expect(await tiles.count()).toBe(4);

    await page.getByRole('tab', { name: 'Galleries & sharing' }).click();
    const card = page.locator(`[data-testid="gallery-card"][data-gallery="${galleryId}"]`);
    await card.waitFor();
    expect(await card.innerText()).toMatch(/\b4 photos\b/);
    await page.close();
  });

  it("follows the digest's reply link through the sign-in page into the photo's thread", async () => {
    await visitor().post(`/api/share/${token}/images/${imageIds[2]}/comments`).send({ body: 'Could this one be brighter?' }).expect(201);
    await strapi.plugin('client-gallery').service('comment').sendDigest({ now: Date.now() + 11 * 60_000 });
    const mail = await strapi.db.query('plugin::client-gallery.outbox-mail').findOne({ where: { kind: 'comment-digest' }, orderBy: { id: 'desc' } });
    const link = mail.textBody.match(/^Reply in the admin: (\S+)$/m)?.[1];
    expect(link).toBeDefined();
    // The mail's link names the public base; the test server listens elsewhere.
    const url = new URL(link);
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${booted.baseUrl}${url.pathname}${url.search}`);
    await page.waitForURL(/\/admin\/auth\/login/);
    await signIn(page, owner);

    const modal = page.getByTestId('proofing-modal');
    await modal.waitFor({ timeout: 60000 });
    const thread = modal.locator('[data-testid="proofing-thread"][data-focused="true"]');
    await thread.waitFor();
    expect(await thread.getAttribute('data-image')).toBe(imageIds[2]);
    expect(await thread.innerText()).toContain('Could this one be brighter?');
    // The reply box of that thread has the focus: the studio types its answer straight away.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Reply about IRIS_03.jpg');
    await page.keyboard.type('Brighter version tomorrow.');
    await thread.getByRole('button', { name: 'Reply' }).click();
    // The posted reply, as a line of the thread (the reply box holds the same text until it is sent).
    await thread.locator('p', { hasText: 'Brighter version tomorrow.' }).waitFor();
    const comments = (await visitor().get(`/api/share/${token}/images/${imageIds[2]}/comments`)).body.data.comments;
    expect(comments.map((c: { author: string }) => c.author)).toEqual(['client', 'studio']);

    // Closing the dialog drops the thread from the address, so a reload does not open it again.
    await modal.getByRole('button', { name: 'Close' }).first().click();
    await page.waitForFunction(() => !location.search.includes('proofing='));
    await page.close();
  });
});

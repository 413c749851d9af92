import fs from 'fs';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { BrowserContext, Page } from 'playwright-core';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { createClient, makeJpeg } from '../helpers/fixtures';
import { makeLink } from '../helpers/share';
import { ingestPhoto } from '../helpers/downloads';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';

/**
 * Proofing on /g/:token in a real Chromium: a client selects within the rules (a
 * select control apart from the heart, the counter "n of max (min m)"), comments in the lightbox,
 * confirms ("Are you sure? This is final") and sees the read-only set; the studio replies and
 * reopens through its admin routes; the client sees the reason and the reply and confirms round 2.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let close: () => Promise<void>;
let context: BrowserContext;
let page: Page;
let token: string;
let linkDocumentId: string;
let studio: string;
let imageIds: string[];
const problems: string[] = [];
const GALLERY = 'plugin::client-gallery.gallery';
const PORTAL_PASSWORD = 'Portal-Passw0rd!';

const tile = (i: number) => page.locator('.tile').nth(i);
const counter = () => page.getByTestId('selection-counter');
const admin = () => request(booted.baseUrl);

async function shot(name: string) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `proofing-${name}.png`) });
}

beforeAll(async () => {
  booted = await bootStrapi('browser-proofing', { STUDIO_NOTIFY_EMAIL: '', OUTBOX_DIR: '.tmp/outbox-browser-proofing', CRON_ENABLED: 'false' });
  strapi = booted.strapi;
  const client = await createClient(strapi, 'Pia Proof');
  imageIds = [];
  for (let i = 0; i < 4; i += 1) imageIds.push((await ingestPhoto(strapi, client.documentId, await makeJpeg(60 + i, 900, 600), `pia-${i + 1}.jpg`)).documentId);
  const gallery = await strapi.documents(GALLERY).create({
    data: {
      title: 'Pia — Proofing',
      client: client.documentId,
      images: imageIds,
      cover: imageIds[0],
      stage: 'proofing',
      deadline: '2099-01-01',
      selectionAllowed: true,
      selectionMin: 2,
      selectionMax: 3,
      commentsAllowed: true,
      reviewEnabled: true,
    } as any,
  });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  const made = await makeLink(strapi, gallery.documentId, { recipientEmail: 'pia@client.test', recipientName: 'Pia', watermark: false });
  token = made.token;
  linkDocumentId = made.link.documentId;
  studio = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'proofing studio')).token;
  // Pia's portal account (confirmed email), for the portal at 390 px.
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  await strapi.plugin('users-permissions').service('user').add({ username: 'pia', email: 'pia@client.test', password: PORTAL_PASSWORD, provider: 'local', confirmed: true, blocked: false, role: role.id });

  const chromium = await launchChromium();
  close = chromium.close;
  context = await chromium.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 409/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
}, 600000);

afterAll(async () => {
  await context?.close();
  await close?.();
  await booted?.stop();
});

describe('proofing on the gallery page', () => {
  it('selects within the rules, apart from favourites', async () => {
    await page.goto(`${booted.baseUrl}/g/${token}`);
    await page.getByTestId('grid').waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.tile').length === 4);
    expect(await counter().textContent()).toBe('0 of 3 (min 2)');
    expect(await page.getByTestId('confirm-selection').isDisabled()).toBe(true);

    for (const i of [0, 1, 2]) {
      await tile(i).getByTestId('select').click();
      await page.waitForFunction((n) => document.querySelector('[data-testid="selection-counter"]')?.textContent === `${n} of 3 (min 2)`, i + 1);
    }
    expect(await tile(0).getByTestId('select').getAttribute('aria-pressed')).toBe('true');
    // Past max: refused by the server, told to the client, nothing changes.
    await tile(3).getByTestId('select').click();
    await page.getByTestId('toast').filter({ hasText: 'Your selection is full: at most 3 photos' }).waitFor();
    expect(await counter().textContent()).toBe('3 of 3 (min 2)');
    await tile(2).getByTestId('select').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="selection-counter"]')?.textContent === '2 of 3 (min 2)');

    // The heart is another thing: a favourite is not a selection.
    await tile(3).getByTestId('favourite').click();
    await page.waitForFunction(
      () => document.querySelectorAll('.tile')[3]?.querySelector('[data-testid="favourite"]')?.getAttribute('aria-pressed') === 'true',
    );
    expect(await counter().textContent()).toBe('2 of 3 (min 2)');
    expect(await tile(3).getByTestId('select').getAttribute('aria-pressed')).toBe('false');
    await shot('selecting');
  });

  it('comments on a photo in the lightbox, as plain text', async () => {
    await tile(0).getByTestId('thumb').click();
    await page.getByTestId('lightbox').waitFor();
    const lightbox = page.getByTestId('lightbox');
    await lightbox.getByTestId('comments').waitFor();
    // Photo details: the studio's file name, the date and the dimensions.
    expect(await page.locator('#lightbox-caption').textContent()).toMatch(/^pia-1\.jpg · .+ · 900 × 600$/);
    await lightbox.getByTestId('comment-input').fill('<b>Warmer</b> please?');
    await lightbox.getByTestId('comment-send').click();
    await lightbox.getByTestId('comment').filter({ hasText: '<b>Warmer</b> please?' }).waitFor();
    expect(await page.locator('[data-testid="comment"] b').count()).toBe(0);
    await shot('lightbox-comment');
    await page.keyboard.press('Escape');
    await page.getByTestId('lightbox').waitFor({ state: 'detached' });
  });

  it('comments on the gallery as a whole, under the photos', async () => {
    const thread = page.getByTestId('gallery-thread');
    await thread.getByTestId('comment-input').fill('We love them all!');
    await thread.getByTestId('comment-send').click();
    await thread.getByTestId('comment').filter({ hasText: 'We love them all!' }).waitFor();
    const stored = await admin().get(`/client-gallery/links/${linkDocumentId}/comments`).set('Authorization', `Bearer ${studio}`);
    expect(stored.body.data.map((c: any) => [c.imageId, c.body])).toEqual([
      [imageIds[0], '<b>Warmer</b> please?'],
      [null, 'We love them all!'],
    ]);
  });

  it('asks "Are you sure? This is final" with the count, then shows the confirmed set read-only', async () => {
    const dialog = page.getByTestId('confirm-dialog');
    // The bar is drawn again as the comment above settles the page's state; a click on the button
    // being replaced can be lost on a busy machine, so click again until the dialog opens.
    for (let attempt = 0; attempt < 3 && !(await dialog.isVisible()); attempt += 1) {
      await page.getByTestId('confirm-selection').click();
      await dialog.waitFor({ timeout: 8000 }).catch(() => undefined);
    }
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').textContent()).toBe('Are you sure? This is final');
    expect(await dialog.textContent()).toContain('You are confirming 2 photos');
    // Escape changes nothing.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('confirm-selection').click();
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('selection-confirmed').waitFor();
    expect(await page.getByTestId('selection-confirmed').textContent()).toMatch(/round 1\)\. Your final set is read-only/);
    expect(await tile(0).getByTestId('select').isDisabled()).toBe(true);
    expect(await page.getByTestId('confirm-selection').count()).toBe(0);
    await shot('confirmed');
  });

  it("shows the studio's reply and reopen reason, and confirms round 2", async () => {
    const reply = await admin()
      .post(`/client-gallery/links/${linkDocumentId}/comments`)
      .set('Authorization', `Bearer ${studio}`)
      .send({ body: 'Warmer it is!', imageId: imageIds[0] });
    expect(reply.status).toBe(201);
    const reopen = await admin()
      .post(`/client-gallery/links/${linkDocumentId}/selection/reopen`)
      .set('Authorization', `Bearer ${studio}`)
      .send({ reason: 'Please add one more for the album' });
    expect(reopen.status).toBe(200);

    await page.reload();
    await page.getByTestId('reopen-reason').waitFor();
    expect(await page.getByTestId('reopen-reason').textContent()).toContain('Please add one more for the album');
    await tile(0).getByTestId('thumb').click();
    await page.getByTestId('lightbox').getByTestId('comment').filter({ hasText: 'Warmer it is!' }).waitFor();
    expect(await page.getByTestId('lightbox').locator('.comment-studio .comment-meta').first().textContent()).toContain('(studio)');
    await page.keyboard.press('Escape');

    await tile(3).getByTestId('select').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="selection-counter"]')?.textContent === '3 of 3 (min 2)');
    await page.getByTestId('confirm-selection').click();
    expect(await page.getByTestId('confirm-dialog').textContent()).toContain('You are confirming 3 photos');
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('selection-confirmed').filter({ hasText: 'round 2' }).waitFor();

    const compare = await admin().get(`/client-gallery/links/${linkDocumentId}/selection/compare?from=1&to=2`).set('Authorization', `Bearer ${studio}`);
    expect(compare.body.data).toMatchObject({ added: [imageIds[3]], removed: [] });
  });

  it('marks a photo "changes requested" with a note in the lightbox (a note is required)', async () => {
    await tile(1).getByTestId('thumb').click();
    const review = page.getByTestId('review');
    await review.getByTestId('review-changes').waitFor();
    expect(await review.getByTestId('review-state').textContent()).toBe('Not reviewed yet');
    await review.getByTestId('review-changes').click();
    await page.getByTestId('toast').filter({ hasText: 'Say what should change' }).waitFor();
    await review.getByTestId('review-note').fill('Remove the lamp post');
    await review.getByTestId('review-changes').click();
    await review.getByTestId('review-state').filter({ hasText: 'Changes requested · “Remove the lamp post”' }).waitFor();
    await page.keyboard.press('Escape');
    const marks = await admin().get(`/client-gallery/links/${linkDocumentId}/review`).set('Authorization', `Bearer ${studio}`);
    expect(marks.body.data).toMatchObject([{ imageId: imageIds[1], decision: 'changes-requested', note: 'Remove the lamp post' }]);
  });

  it('filters to the selected photos and to the commented ones', async () => {
    await page.getByTestId('selected-filter').click();
    await page.waitForFunction(() => document.querySelectorAll('.tile').length === 3);
    expect(await page.locator('.tile').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-image-id')))).toEqual([
      imageIds[0],
      imageIds[1],
      imageIds[3],
    ]);
    await page.getByTestId('selected-filter').click();
    await page.getByTestId('commented-filter').click();
    await page.waitForFunction(() => document.querySelectorAll('.tile').length === 1);
    expect(await tile(0).getAttribute('data-image-id')).toBe(imageIds[0]);
    await page.getByTestId('commented-filter').click();
    await page.waitForFunction(() => document.querySelectorAll('.tile').length === 4);
  });

  it('fits a 390 px screen, counter and confirmed notice included', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('selection-confirmed').waitFor();
    expect(await counter().isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot('confirmed-390');
    expect(problems).toEqual([]);
  });
});

describe('the portal at 390 px', () => {
  it('shows each gallery\'s status and deadline, in the grid and in the table', async () => {
    const phone = await context.browser()!.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    try {
      const portal = await phone.newPage();
      await portal.goto(`${booted.baseUrl}/portal`);
      await portal.getByLabel('Email').fill('pia@client.test');
      await portal.getByLabel('Password').fill(PORTAL_PASSWORD);
      await portal.getByRole('button', { name: 'Log in' }).click();
      const card = portal.getByTestId('portal-gallery').filter({ hasText: 'Pia — Proofing' });
      await card.waitFor();
      expect(await card.getByTestId('portal-status').textContent()).toBe('Proofing');
      expect(await card.getByTestId('portal-deadline').textContent()).toBe(' · Deadline Jan 1, 2099');
      expect(await card.getByTestId('portal-deadline').isVisible()).toBe(true);
      fs.mkdirSync(artifactsDir, { recursive: true });
      await portal.screenshot({ path: path.join(artifactsDir, 'portal-grid-390.png') });

      await portal.getByTestId('layout-table').click();
      const row = portal.locator('table.portal-table').getByTestId('portal-gallery').filter({ hasText: 'Pia — Proofing' });
      await row.waitFor();
      expect(await row.getByTestId('portal-status').isVisible()).toBe(true);
      expect(await row.getByTestId('portal-status').textContent()).toBe('Proofing');
      expect(await row.getByTestId('portal-deadline').isVisible()).toBe(true);
      expect(await row.getByTestId('portal-deadline').innerText()).toBe('Deadline Jan 1, 2099');
      expect(await portal.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await portal.screenshot({ path: path.join(artifactsDir, 'portal-table-390.png') });
    } finally {
      await phone.close();
    }
  });
});

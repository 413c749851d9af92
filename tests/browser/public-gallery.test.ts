import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { BrowserContext, Page } from 'playwright-core';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { createClient } from '../helpers/fixtures';
import { makeLink } from '../helpers/share';
import { ingestPhoto } from '../helpers/downloads';
import { renderDemoPhoto } from '../../src/demo/photos';
import { parseMail } from '../helpers/smtp';
import { appDir } from '../helpers/strapi';

const OUTBOX = path.join(appDir, '.tmp', 'outbox-browser-public');

/** The newest mail in the outbox to `to` whose subject matches. */
function newestMail(to: string, subject: RegExp) {
  const files = fs.existsSync(OUTBOX) ? fs.readdirSync(OUTBOX).filter((name) => name.endsWith('.eml')).sort().reverse() : [];
  for (const name of files) {
    const mail = parseMail(fs.readFileSync(path.join(OUTBOX, name), 'utf8'), { from: '', to: [] });
    if (mail.raw.includes(to) && subject.test(mail.subject)) return mail;
  }
  return null;
}

/**
 * /g/:token in a real Chromium, against a booted Strapi: password prompt, grid, keyboard
 * lightbox, favourites, the claim prompt of a general link, the download manager and packages.
 * Photos go through the real ingest, so thumbnails are real signed /media derivatives.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let baseUrl: string;
let close: () => Promise<void>;
let newContext: (viewport: { width: number; height: number }) => Promise<BrowserContext>;
const GALLERY = 'plugin::client-gallery.gallery';
const PASSWORD = 'Sunlit-Garden-26';
const PORTAL_PASSWORD = 'Portal-Passw0rd!';
const tokens: Record<string, string> = {};
let imageIds: string[];
const problems: string[] = [];
/** Ten days out, so the page shows a live deadline ("in 10 days") whatever the date of the run. */
const inTenDays = new Date(Date.now() + 10 * 86_400_000);
const DEADLINE = [inTenDays.getFullYear(), inTenDays.getMonth() + 1, inTenDays.getDate()].map((n) => String(n).padStart(2, '0')).join('-');

const LABELS = ['Ceremony', 'Portraits', 'First dance', 'Ceremony', 'Portraits', 'Details', 'Ceremony'];
const SIZES: [number, number][] = [[1500, 1000], [1000, 1500], [1500, 1000], [1500, 1000], [1000, 1500], [1500, 1000], [1200, 1200]];

async function makeGallery(title: string, status: 'proofing' | 'ready', ids: string[], clientDocumentId: string) {
  const gallery = await strapi.documents(GALLERY).create({
    data: {
      title,
      client: clientDocumentId,
      images: ids,
      cover: ids[0],
      stage: status,
      welcomeNote: 'Thank you for a wonderful day in the garden. Take your time with these: mark your favourites and download the ones you love.',
      deadline: DEADLINE,
      shootDate: '2026-05-20',
    } as any,
  });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  return gallery.documentId;
}

/** Console errors and page errors fail the run; expected API refusals (400 wrong login, 401 password, 403 claim) are answers, not errors. */
function watch(page: Page) {
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (/Failed to load resource: the server responded with a status of (400|401|403)/.test(message.text())) return;
    problems.push(`console: ${message.text()}`);
  });
  return page;
}

async function shot(page: Page, name: string, fullPage = false) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `public-${name}.png`), fullPage });
}

const thumbsLoaded = (page: Page) =>
  page.waitForFunction(() => {
    const images = Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="thumb"] img'));
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  });

beforeAll(async () => {
  booted = await bootStrapi('browser-public', { STUDIO_NOTIFY_EMAIL: '', OUTBOX_DIR: '.tmp/outbox-browser-public', STUDIO_NAME: 'Lumen Studio' });
  strapi = booted.strapi;
  baseUrl = booted.baseUrl;
  strapi.config.set('plugin::client-gallery.share.publicUrl', baseUrl);

  const client = await createClient(strapi, 'Maya Lindqvist');
  imageIds = [];
  for (const [i, label] of LABELS.entries()) {
    const [width, height] = SIZES[i];
    imageIds.push((await ingestPhoto(strapi, client.documentId, await renderDemoPhoto(i + 1, label, { width, height }), `maya-${i + 1}.jpg`, label)).documentId);
  }
  const ready = await makeGallery('Maya & Jon — The Garden Wedding', 'ready', imageIds, client.documentId);
  const proofing = await makeGallery('Maya & Jon — Proofing', 'proofing', imageIds, client.documentId);
  tokens.ready = (
    await makeLink(strapi, ready, { recipientEmail: 'maya@client.test', recipientName: 'Maya', password: PASSWORD, downloadsEnabled: true, downloadLimit: 3, resolutions: ['web', 'high'], watermark: false })
  ).token;
  tokens.general = (await makeLink(strapi, proofing, { kind: 'general', watermark: true })).token;
  // A general link with downloads: adding a photo to the download manager needs a claim first.
  const shared = await makeGallery('Maya & Jon — For the family', 'ready', imageIds.slice(0, 3), client.documentId);
  tokens.generalDownloads = (await makeLink(strapi, shared, { kind: 'general', watermark: true, downloadsEnabled: true, resolutions: ['web'] })).token;
  // The portal account: Maya's confirmed email names the ready gallery's link and an unpublished one.
  const hidden = await strapi.documents(GALLERY).create({ data: { title: 'Maya & Jon — Engagement', client: client.documentId, images: imageIds.slice(0, 2), stage: 'proofing' } as any });
  await makeLink(strapi, hidden.documentId, { recipientEmail: 'maya@client.test' });
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  await strapi.plugin('users-permissions').service('user').add({ username: 'maya', email: 'maya@client.test', password: PORTAL_PASSWORD, provider: 'local', confirmed: true, blocked: false, role: role.id });

  const chromium = await launchChromium();
  close = chromium.close;
  newContext = (viewport) => chromium.browser.newContext({ viewport, acceptDownloads: true, deviceScaleFactor: 1, locale: 'en-US', timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone });
}, 600000);

afterAll(async () => {
  await close?.();
  await strapi?.service('plugin::client-gallery.download-package').settled();
  await booted?.stop();
});

describe('public gallery page', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await newContext({ width: 1280, height: 860 });
    page = watch(await context.newPage());
  });
  afterAll(async () => {
    await context?.close();
  });

  it('asks for the password, says so when it is wrong, and shows the gallery when it is right', async () => {
    await page.goto(`${baseUrl}/g/${tokens.ready}`);
    const form = page.getByTestId('password-form');
    await form.waitFor();
    await expect(page.getByRole('heading', { name: 'This gallery is private' }).isVisible()).resolves.toBe(true);
    await shot(page, 'password');

    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'View gallery' }).click();
    await page.getByTestId('password-error').filter({ hasText: /isn’t right/ }).waitFor();
    await shot(page, 'password-wrong');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'View gallery' }).click();
    await page.getByTestId('grid').waitFor();
    expect(await page.getByTestId('gallery-title').textContent()).toBe('Maya & Jon — The Garden Wedding');
    expect(await page.getByTestId('welcome-note').textContent()).toMatch(/wonderful day in the garden/);
    const [year, month, day] = DEADLINE.split('-').map(Number);
    const deadlineText = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(year, month - 1, day, 12));
    expect(await page.getByTestId('deadline').textContent()).toBe(`Deadline: ${deadlineText} (in 10 days)`);
    // The unlock is an HttpOnly cookie set by the server: page scripts cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toMatch(/cg_unlock_/);
    expect((await context.cookies()).some((cookie) => cookie.name.startsWith('cg_unlock_') && cookie.httpOnly)).toBe(true);
  });

  it('loads every thumbnail (real pixels) and offers a filter per label present', async () => {
    await thumbsLoaded(page);
    expect(await page.getByTestId('thumb').count()).toBe(LABELS.length);
    const filters = await page.getByTestId('label-filter').allTextContents();
    expect(filters).toEqual(['All photos', 'Ceremony', 'Details', 'First dance', 'Portraits']);
    await shot(page, 'gallery-1280');
    await shot(page, 'gallery-1280-full', true);

    await page.getByTestId('label-filter').filter({ hasText: 'Ceremony' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="thumb"]').length === 3);
    expect(await page.getByTestId('label-filter').filter({ hasText: 'Ceremony' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('label-filter').filter({ hasText: 'All photos' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="thumb"]').length === n, LABELS.length);
    await thumbsLoaded(page);
  });

  it('opens the lightbox with Enter on a focused thumb, moves with ArrowRight and closes with Escape', async () => {
    const first = page.getByTestId('thumb').first();
    await first.focus();
    await page.keyboard.press('Enter');
    const lightbox = page.getByTestId('lightbox');
    await lightbox.waitFor();
    expect(await lightbox.getAttribute('role')).toBe('dialog');
    expect(await lightbox.getAttribute('aria-modal')).toBe('true');
    const image = page.getByTestId('lightbox-image');
    const firstId = await image.getAttribute('data-image-id');
    expect(firstId).toBe(await page.locator('.tile').first().getAttribute('data-image-id'));
    expect(await image.getAttribute('src')).toMatch(/^\/media\/derivatives\//);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="lightbox-image"]');
      return Boolean(img && img.complete && img.naturalWidth > 1000);
    });
    // Focus moved into the dialog.
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="lightbox"]')))).toBe(true);

    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((previous) => document.querySelector('[data-testid="lightbox-image"]')?.getAttribute('data-image-id') !== previous, firstId);
    const secondId = await image.getAttribute('data-image-id');
    expect(secondId).toBe(await page.locator('.tile').nth(1).getAttribute('data-image-id'));
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="lightbox-image"]');
      return Boolean(img && img.complete && img.naturalWidth > 0);
    });
    await shot(page, 'lightbox-1280');

    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((id) => document.querySelector('[data-testid="lightbox-image"]')?.getAttribute('data-image-id') === id, firstId);

    await page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'detached' });
    // Focus is back on the photo the viewer ended on.
    expect(await page.evaluate(() => document.activeElement?.closest('.tile')?.getAttribute('data-image-id'))).toBe(firstId);
  });

  it('downloads a single photo at a chosen resolution, and the download manager then shows limit, used and remaining', async () => {
    await page.getByTestId('thumb').nth(2).click();
    await page.getByTestId('lightbox').waitFor();
    const options = await page.getByTestId('resolution').locator('option').allTextContents();
    expect(options).toEqual(['Web size', 'High resolution']); // exactly the link's resolutions
    await page.getByTestId('resolution').selectOption('high');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-single').click()]);
    expect(download.suggestedFilename()).toMatch(/\.jpg$/);
    const file = await download.path();
    expect(fs.statSync(file!).size).toBeGreaterThan(10_000);
    await page.keyboard.press('Escape');

    await page.getByTestId('open-downloads').click();
    const panel = page.getByTestId('downloads-panel');
    await panel.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="used"]')?.textContent === '1');
    expect(await panel.getByTestId('limit').textContent()).toBe('3');
    expect(await panel.getByTestId('used').textContent()).toBe('1');
    expect(await panel.getByTestId('remaining-stat').textContent()).toBe('2');
    await shot(page, 'downloads-panel');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('packs the selected photos as a zip: its preparation progress, then its size and a download link that works, and the grant counted', async () => {
    await page.locator('.tile').nth(4).hover();
    await page.locator('.tile').nth(4).getByTestId('add-download').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="add-download"][aria-pressed="true"]').length === 1);

    await page.getByTestId('open-downloads').click();
    const panel = page.getByTestId('downloads-panel');
    await panel.getByTestId('download-item').first().waitFor();
    expect(await panel.getByTestId('download-item').count()).toBe(1);
    await panel.getByTestId('package-selected').click();
    const result = panel.getByTestId('package-result');
    // The order answers "preparing" at once; the page polls the status route until the zip is ready.
    await result.filter({ hasText: 'Preparing 0 of 1' }).waitFor();
    expect(await result.textContent()).toMatch(/1 photo, High resolution\. We’ll also email you/);
    expect(await result.locator('progress').count()).toBe(1);
    await shot(page, 'package-preparing');
    const link = result.getByTestId('package-link');
    await link.waitFor({ timeout: 30000 });
    const title = (await result.getByTestId('package-progress').textContent())!;
    expect(title).toMatch(/^Your zip is ready · \d+(\.\d)? (KB|MB)$/);
    expect(await link.textContent()).toContain(title.split(' · ')[1]);
    expect(await link.getAttribute('href')).toMatch(/^\/api\/packages\//);
    await shot(page, 'package-ready');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = (await download.path())!;
    // The size shown is the zip's exact size, rounded as shown; the zip is whole.
    const shown = /(\d+(?:\.\d)?) (KB|MB)/.exec(title)!;
    const bytes = fs.statSync(file).size;
    expect(Number(shown[1])).toBeCloseTo(bytes / (shown[2] === 'MB' ? 1e6 : 1e3), bytes / (shown[2] === 'MB' ? 1e6 : 1e3) < 10 ? 1 : 0);
    expect(execFileSync('unzip', ['-tq', file]).toString()).toMatch(/No errors detected/);
    await page.waitForFunction(() => document.querySelector('[data-testid="remaining-stat"]')?.textContent === '1');
    await page.keyboard.press('Escape');
  });

  it("shows the download manager's list after a reload, before its panel is opened", async () => {
    await page.locator('.tile').nth(5).hover();
    await page.locator('.tile').nth(5).getByTestId('add-download').click();
    const ticked = () => page.evaluate(() => Array.from(document.querySelectorAll('.tile')).filter((tile) => tile.querySelector('[data-testid="add-download"][aria-pressed="true"]')).map((tile) => tile.getAttribute('data-image-id')));
    await page.waitForFunction(() => document.querySelector('.tile:nth-child(6) [data-testid="add-download"]')?.getAttribute('aria-pressed') === 'true');
    const before = await ticked();
    expect(before.length).toBeGreaterThan(0);
    const label = await page.getByTestId('open-downloads').textContent();

    await page.reload();
    await page.getByTestId('grid').waitFor();
    await page.waitForFunction((count) => document.querySelectorAll('[data-testid="add-download"][aria-pressed="true"]').length === count, before.length);
    expect(await ticked()).toEqual(before);
    expect(await page.getByTestId('open-downloads').textContent()).toBe(label);
  });

  it('looks right on a 390 px phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await thumbsLoaded(page);
    await shot(page, 'gallery-390');
    await page.evaluate(() => document.getElementById('photos')?.scrollIntoView());
    await page.waitForTimeout(300);
    await shot(page, 'gallery-390-grid');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByTestId('thumb').first().click();
    await page.getByTestId('lightbox').waitFor();
    await page.waitForTimeout(300);
    // "3 / 7" on one line: no taller than one line of its own text.
    const counter = await page.locator('.lightbox-counter').evaluate((el) => ({ height: el.getBoundingClientRect().height, font: parseFloat(getComputedStyle(el).fontSize) }));
    expect(counter.height).toBeLessThan(counter.font * 2);
    await shot(page, 'lightbox-390');
    await page.keyboard.press('Escape');
  });
});

describe('public gallery page on a general link', () => {
  it('asks for an email on the first favourite, claims a private link, moves there and keeps the favourite; hearts toggle', async () => {
    const context = await newContext({ width: 1280, height: 860 });
    try {
      const page = watch(await context.newPage());
      await page.goto(`${baseUrl}/g/${tokens.general}`);
      await page.getByTestId('grid').waitFor();
      await thumbsLoaded(page);
      await shot(page, 'general-1280');

      const firstTile = page.locator('.tile').first();
      const favouritedId = await firstTile.getAttribute('data-image-id');
      await firstTile.hover();
      await firstTile.getByTestId('favourite').click();
      const dialog = page.getByTestId('claim-dialog');
      await dialog.waitFor();
      expect(await dialog.getByRole('dialog').getAttribute('aria-modal')).toBe('true');
      await dialog.getByLabel('Your email').fill('not-an-email');
      await dialog.getByRole('button', { name: 'Email me my private link' }).click();
      await dialog.getByText('Please enter a valid email address.').waitFor();
      await dialog.getByLabel('Your email').fill('guest@client.test');
      await shot(page, 'claim-dialog');
      await dialog.getByRole('button', { name: 'Email me my private link' }).click();
      await page.getByTestId('claim-done').filter({ hasText: 'Your private link is on its way' }).waitFor();

      await page.waitForURL((url) => url.pathname.startsWith('/g/') && !url.pathname.endsWith(tokens.general), { timeout: 15000 });
      await page.getByTestId('grid').waitFor();
      const heart = page.locator(`.tile[data-image-id="${favouritedId}"]`).getByTestId('favourite');
      await page.waitForFunction((id) => document.querySelector(`.tile[data-image-id="${id}"] [data-testid="favourite"]`)?.getAttribute('aria-pressed') === 'true', favouritedId);
      const claimed = await strapi.db.query('plugin::client-gallery.share-link').findOne({ where: { recipientEmail: 'guest@client.test' } });
      expect(claimed?.kind).toBe('private');

      // Toggle off and on again, and the favourites-only filter follows.
      await heart.click();
      await page.waitForFunction((id) => document.querySelector(`.tile[data-image-id="${id}"] [data-testid="favourite"]`)?.getAttribute('aria-pressed') === 'false', favouritedId);
      await heart.click();
      await page.waitForFunction((id) => document.querySelector(`.tile[data-image-id="${id}"] [data-testid="favourite"]`)?.getAttribute('aria-pressed') === 'true', favouritedId);
      await page.getByTestId('favourites-filter').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="thumb"]').length === 1);
      expect(await page.locator('.tile').first().getAttribute('data-image-id')).toBe(favouritedId);
      await shot(page, 'favourites-only');
    } finally {
      await context.close();
    }
  });

  it('keeps the photo whose "add to downloads" asked for the claim: it is in the manager on the private link', async () => {
    const context = await newContext({ width: 1280, height: 860 });
    try {
      const page = watch(await context.newPage());
      await page.goto(`${baseUrl}/g/${tokens.generalDownloads}`);
      await page.getByTestId('grid').waitFor();
      const tile = page.locator('.tile').nth(1);
      const imageId = await tile.getAttribute('data-image-id');
      await tile.hover();
      await tile.getByTestId('add-download').click();
      const dialog = page.getByTestId('claim-dialog');
      await dialog.waitFor();
      await dialog.getByLabel('Your email').fill('cousin@client.test');
      await dialog.getByRole('button', { name: /Email me/ }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/g/') && !url.pathname.endsWith(tokens.generalDownloads), { timeout: 15000 });
      await page.getByTestId('grid').waitFor();
      await page.waitForFunction((id) => document.querySelector(`.tile[data-image-id="${id}"] [data-testid="add-download"]`)?.getAttribute('aria-pressed') === 'true', imageId);
      expect(await page.getByTestId('open-downloads').textContent()).toMatch(/Downloads \(1\)/);
    } finally {
      await context.close();
    }
  });

  it('shows "not found" for a dead link, with the same shell', async () => {
    const context = await newContext({ width: 390, height: 844 });
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      await page.goto(`${baseUrl}/g/${'Z'.repeat(43)}`);
      await page.locator('[data-state="not-found"]').waitFor();
      expect(await page.getByRole('heading').textContent()).toBe('This link doesn’t work');
      await shot(page, 'not-found-390');
    } finally {
      await context.close();
    }
  });

});

describe('a one-time sign-in link', () => {
  it('is mailed to the recipient from the password page, and opening it shows the gallery without the password', async () => {
    const context = await newContext({ width: 1280, height: 860 });
    try {
      const page = watch(await context.newPage());
      await page.goto(`${baseUrl}/g/${tokens.ready}`);
      await page.getByTestId('password-form').waitFor();
      await page.getByTestId('sign-in-request').click();
      await page.getByTestId('sign-in-status').filter({ hasText: /emailed a sign-in link/ }).waitFor();
      await shot(page, 'sign-in-requested');

      let mail = newestMail('maya@client.test', /^Sign in to/);
      for (let i = 0; !mail && i < 40; i++) {
        await page.waitForTimeout(100);
        mail = newestMail('maya@client.test', /^Sign in to/);
      }
      const url = /(http\S+#sign-in=si2\.\S+)/.exec(mail!.text)![1];
      await page.goto(url);
      await page.getByTestId('grid').waitFor();
      expect(new URL(page.url()).hash).toBe('');

      // Used once: the same link again, in a fresh browser, is refused and says why.
      const other = watch(await (await newContext({ width: 1280, height: 860 })).newPage());
      await other.goto(url);
      await other.getByTestId('sign-in-problem').filter({ hasText: /already been used/ }).waitFor();
      await other.context().close();
    } finally {
      await context.close();
    }
  });
});

describe('portal page', () => {
  it('logs in, lists the account’s galleries (unavailable ones marked), remembers the layout, and opens a gallery', async () => {
    const context = await newContext({ width: 1280, height: 860 });
    try {
      const page = watch(await context.newPage());
      await page.goto(`${baseUrl}/portal`);
      await page.getByTestId('login-form').waitFor();
      await page.getByLabel('Email').fill('maya@client.test');
      await page.getByLabel('Password').fill('wrong-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByTestId('login-error').filter({ hasText: /don’t match/ }).waitFor();
      await page.getByLabel('Password').fill(PORTAL_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByTestId('portal-list').waitFor();
      const cards = page.getByTestId('portal-gallery');
      await cards.nth(1).waitFor();
      expect(await cards.count()).toBe(2);
      const engagement = cards.filter({ hasText: 'Engagement' });
      expect(await engagement.getByTestId('unavailable').textContent()).toBe('Unavailable');
      expect(await engagement.getByTestId('open-gallery').count()).toBe(0);
      // The JWT stays in this tab's sessionStorage, never in a cookie or localStorage.
      expect(await page.evaluate(() => Boolean(sessionStorage.getItem('cg_portal_jwt')) && !localStorage.getItem('cg_portal_jwt') && !document.cookie.includes('jwt'))).toBe(true);
      await shot(page, 'portal-grid');

      await page.getByTestId('layout-table').click();
      await page.locator('table.portal-table').waitFor();
      await page.reload();
      await page.locator('table.portal-table').waitFor();
      expect(await page.getByTestId('layout-table').getAttribute('aria-pressed')).toBe('true');
      await shot(page, 'portal-table');

      await page.getByTestId('portal-gallery').filter({ hasText: 'Garden Wedding' }).getByTestId('open-gallery').click();
      await page.waitForURL(/\/g\/sa2\./);
      // The opened link is password protected: the gallery page asks for it.
      await page.getByTestId('password-form').waitFor();
    } finally {
      await context.close();
    }
  });

  it('logged no console errors and no page errors', () => {
    expect(problems).toEqual([]);
  });
});

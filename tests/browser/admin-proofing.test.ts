import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { createSuperAdmin } from '../helpers/admin';
import { createClient, createImage, makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeLink } from '../helpers/share';

/**
 * The studio's Proofing view in the admin, in a real Chromium: the client's selection
 * (confirmed round 1) and comment show; the studio replies inline, exports the file names and
 * reopens with a reason; the client confirms round 2, and the view compares the rounds. Then the
 * gallery options form (selection with min/max, comments, filters, review, deadline, reminders) is saved and
 * read back, and the review checklist sets a photo back to "in review".
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: { email: string; password: string };
let clientId: string;
let token: string;
let imageIds: string[];
const GALLERY = 'plugin::client-gallery.gallery';
const visitor = () => request(booted.baseUrl);

const sessions = new Map<string, Awaited<ReturnType<BrowserContext['storageState']>>>();
/** A page signed in as `account`. Each account logs in once (the admin rate-limits logins); later pages reuse its session. */
async function logIn(account: { email: string; password: string }) {
  const saved = sessions.get(account.email);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true, ...(saved ? { storageState: saved } : {}) });
  const page = await context.newPage();
  if (saved) return page;
  await page.goto(`${booted.baseUrl}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(account.email);
  await page.getByLabel(/^password/i).fill(account.password);
  await page.getByRole('checkbox', { name: /remember me/i }).click();
  await page.getByRole('button', { name: /login/i }).click();
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });
  sessions.set(account.email, await context.storageState());
  return page;
}

/** The photos' documentIds, in the order the page shows them. */
const thumbIds = (thumbs: Locator) => thumbs.evaluateAll((els) => els.map((el) => el.getAttribute('data-document-id')));

/** The stored originals' keys: no URL the Proofing view loads may name one. */
async function originalKeys() {
  const files = await strapi.db.query('plugin::upload.file').findMany({ where: { name: { $startsWith: 'ROSA' } }, select: ['hash'] });
  expect(files.length).toBeGreaterThan(0);
  return files.map((file: { hash: string }) => file.hash);
}

/** Every thumbnail is an image that loaded, from a staff thumbnail URL (a derivative, never the original). */
async function expectThumbsLoaded(page: Page, thumbs: Locator) {
  await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="proofing-thumb"] img')).every((img) => (img as HTMLImageElement).naturalWidth > 0));
  const keys = await originalKeys();
  const sources = await thumbs.locator('img').evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).src));
  expect(sources.length).toBeGreaterThan(0);
  for (const src of sources) for (const key of keys) expect(src).not.toContain(key);
}

async function openProofing(page: Page) {
  await page.goto(`${booted.baseUrl}/admin/plugins/client-gallery/clients/${clientId}`);
  await page.getByRole('tab', { name: 'Galleries & sharing' }).click();
  await page.getByTestId('open-proofing').click();
  const modal = page.getByTestId('proofing-modal');
  await modal.getByTestId('proofing-recipient').waitFor();
  return modal;
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi(
    'browser-admin-proofing',
    { OUTBOX_DIR: '.tmp/outbox-admin-proofing-browser', SMTP_HOST: '', CRON_ENABLED: 'false' },
    { serveAdminPanel: true },
  );
  strapi = booted.strapi;
  owner = await createSuperAdmin(strapi);
  const client = await createClient(strapi, 'Rosa Rounds');
  clientId = client.documentId;
  imageIds = [];
  for (const [i, name] of ['ROSA_01.jpg', 'ROSA_02.jpg', 'ROSA_03.jpg'].entries()) {
    const file = await uploadFile(strapi, await makeJpeg(80 + i, 320, 240), name);
    imageIds.push((await createImage(strapi, { fileId: file.id, clientDocumentId: clientId, takenAt: `2026-06-0${i + 1}T10:00:00.000Z` })).documentId);
  }
  const gallery = await strapi.documents(GALLERY).create({
    data: {
      title: 'Rosa proofing',
      client: clientId,
      images: imageIds,
      cover: imageIds[0],
      stage: 'proofing',
      deadline: '2099-01-01',
      selectionAllowed: true,
      selectionMin: 1,
      commentsAllowed: true,
    } as any,
  });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  token = (await makeLink(strapi, gallery.documentId, { recipientEmail: 'rosa@client.test', recipientName: 'Rosa' })).token;
  // The client's round 1 and a question, through the public API.
  await visitor().put(`/api/share/${token}/selection/${imageIds[0]}`);
  await visitor().put(`/api/share/${token}/selection/${imageIds[1]}`);
  await visitor().post(`/api/share/${token}/images/${imageIds[1]}/comments`).send({ body: 'Can this be black and white?' });
  expect((await visitor().post(`/api/share/${token}/selection/confirm`)).status).toBe(201);
  ({ browser, close: closeBrowser } = await launchChromium());
}, 900000);

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
});

describe('the Proofing view in the admin', () => {
  it('shows the confirmed selection and the comment, replies inline, exports file names and reopens with a reason', async () => {
    const page = await logIn(owner);
    const modal = await openProofing(page);
    expect(await modal.getByTestId('proofing-selection-state').textContent()).toMatch(/^Round 1 confirmed/);
    // The selection as thumbnails, in the order chosen, each the staff thumbnail (never the original), loaded.
    const selected = modal.getByTestId('proofing-selection-items').getByTestId('proofing-thumb');
    expect(await thumbIds(selected)).toEqual([imageIds[0], imageIds[1]]);
    expect(await selected.first().getAttribute('aria-label')).toBe('Open ROSA_01.jpg');
    await expectThumbsLoaded(page, selected);
    // The thread names its photo and shows it.
    const thread = modal.getByTestId('proofing-thread').filter({ hasText: 'ROSA_02.jpg' });
    expect(await thread.textContent()).toContain('Client: Can this be black and white?');
    expect(await thumbIds(thread.getByTestId('proofing-thumb'))).toEqual([imageIds[1]]);

    // A click opens the photo viewer on that photo, stepping through the selection; Esc goes back to the dialog.
    await selected.nth(1).click();
    const viewer = page.getByTestId('photo-viewer');
    await viewer.waitFor();
    expect(await viewer.getByText('2 of 2').count()).toBe(1);
    const preview = (await viewer.getByTestId('photo-viewer-image').getAttribute('src'))!;
    for (const key of await originalKeys()) expect(preview).not.toContain(key);
    await page.waitForFunction(() => ((document.querySelector('[data-testid="photo-viewer-image"]') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    // It covers the whole screen, over the dialog.
    expect(await viewer.boundingBox()).toMatchObject({ x: 0, y: 0, width: 1440, height: 1000 });
    await page.screenshot({ path: path.join(artifactsDir, 'admin-proofing-viewer.png') });
    await page.keyboard.press('ArrowLeft');
    await viewer.getByText('1 of 2').waitFor();
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(await modal.isVisible()).toBe(true);
    // The thread's thumbnail opens its photo too.
    await thread.getByTestId('proofing-thumb').click();
    await viewer.getByText('1 of 1').waitFor();
    await viewer.getByRole('button', { name: 'Close' }).click();
    await viewer.waitFor({ state: 'detached' });

    await thread.getByLabel('Reply about ROSA_02.jpg').fill('Yes, both versions coming up.');
    await thread.getByRole('button', { name: 'Reply' }).click();
    await modal.getByText('Yes, both versions coming up.').waitFor();
    // The thread may show the reply as soon as it is sent; the visitor reads it once it is stored.
    const thread2 = async () => ((await visitor().get(`/api/share/${token}/images/${imageIds[1]}/comments`)).body.data.comments as any[]).map((c) => [c.author, c.body]);
    let seen = await thread2();
    for (const until = Date.now() + 15_000; seen.length < 2 && Date.now() < until; seen = await thread2()) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([
      ['client', 'Can this be black and white?'],
      ['studio', 'Yes, both versions coming up.'],
    ]);

    await modal.getByRole('button', { name: 'Selection: File names' }).click();
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="proofing-export"]') as HTMLTextAreaElement | null)?.value === 'ROSA_01.jpg\nROSA_02.jpg\n',
    );
    // The export is copied and downloaded with a click, not only shown in a read-only box.
    const [download] = await Promise.all([page.waitForEvent('download'), modal.getByTestId('proofing-export-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^selection-.+\.txt$/);
    expect(fs.readFileSync((await download.path())!, 'utf8')).toBe('ROSA_01.jpg\nROSA_02.jpg\n');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: booted.baseUrl });
    await modal.getByTestId('proofing-export-copy').click();
    await modal.getByTestId('proofing-export-copy').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('ROSA_01.jpg\nROSA_02.jpg\n');
    await modal.getByRole('button', { name: 'Selection: CSV' }).click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="proofing-export"]') as HTMLTextAreaElement | null)?.value.includes(','));
    const [csv] = await Promise.all([page.waitForEvent('download'), modal.getByTestId('proofing-export-download').click()]);
    expect(csv.suggestedFilename()).toMatch(/^selection-.+\.csv$/);

    await modal.getByLabel('Reason for reopening').fill('Pick one more for the album, please');
    await modal.getByRole('button', { name: 'Reopen selection' }).click();
    await modal.getByTestId('proofing-selection-state').filter({ hasText: 'Round 2' }).waitFor();
    fs.mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, 'admin-proofing.png'), fullPage: true });
    expect((await visitor().get(`/api/share/${token}/selection`)).body.data).toMatchObject({
      round: 2,
      open: true,
      reopenReason: 'Pick one more for the album, please',
    });
    await page.close();
  });

  it('compares round 1 and round 2 once the client confirms again', async () => {
    await visitor().put(`/api/share/${token}/selection/${imageIds[2]}`);
    await visitor().delete(`/api/share/${token}/selection/${imageIds[0]}`);
    expect((await visitor().post(`/api/share/${token}/selection/confirm`)).status).toBe(201);
    const page = await logIn(owner);
    const modal = await openProofing(page);
    const compare = modal.getByTestId('proofing-compare');
    expect(await compare.getByText('Round 1 → 2').count()).toBe(1);
    expect(await thumbIds(compare.getByTestId('proofing-added').getByTestId('proofing-thumb'))).toEqual([imageIds[2]]);
    expect(await thumbIds(compare.getByTestId('proofing-removed').getByTestId('proofing-thumb'))).toEqual([imageIds[0]]);
    expect(await compare.getByTestId('proofing-removed').getByTestId('proofing-thumb').getAttribute('aria-label')).toBe('Open ROSA_01.jpg');
    await expectThumbsLoaded(page, compare.getByTestId('proofing-thumb'));
    // The rounds: the newest shows its photos, an older one opens on demand.
    const rounds = modal.getByTestId('proofing-round');
    expect(await rounds.evaluateAll((els) => els.map((el) => el.getAttribute('data-round')))).toEqual(['2', '1']);
    expect(await thumbIds(rounds.nth(0).getByTestId('proofing-thumb'))).toEqual([imageIds[1], imageIds[2]]);
    expect(await rounds.nth(1).getByTestId('proofing-thumb').count()).toBe(0);
    await rounds.nth(1).getByRole('button', { name: 'Show photos' }).click();
    expect(await thumbIds(rounds.nth(1).getByTestId('proofing-thumb'))).toEqual([imageIds[0], imageIds[1]]);
    // A removed photo opens in the viewer like any other.
    await compare.getByTestId('proofing-removed').getByTestId('proofing-thumb').click();
    await page.getByTestId('photo-viewer').waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'admin-proofing-removed-viewer.png') });
    await page.keyboard.press('Escape');
    await modal.screenshot({ path: path.join(artifactsDir, 'admin-proofing-rounds.png') });
    await page.close();
  });

  it('shows a long selection a page at a time, in the order chosen', async () => {
    const file = await uploadFile(strapi, await makeJpeg(90, 320, 240), 'ALBUM.jpg');
    const album: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      album.push((await createImage(strapi, { fileId: file.id, clientDocumentId: clientId, takenAt: `2026-07-01T10:${String(i).padStart(2, '0')}:00.000Z` })).documentId);
    }
    const gallery = await strapi.documents(GALLERY).create({
      data: { title: 'Rosa album', client: clientId, images: album, cover: album[0], stage: 'proofing', deadline: '2099-01-01', selectionAllowed: true } as any,
    });
    await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
    const albumToken = (await makeLink(strapi, gallery.documentId, { recipientEmail: 'rosa@client.test', recipientName: 'Rosa' })).token;
    const chosen = [...album].reverse();
    for (const id of chosen) expect((await visitor().put(`/api/share/${albumToken}/selection/${id}`)).status).toBeLessThan(300);

    const page = await logIn(owner);
    try {
      await page.goto(`${booted.baseUrl}/admin/plugins/client-gallery/clients/${clientId}`);
      await page.getByRole('tab', { name: 'Galleries & sharing' }).click();
      await page.getByTestId('gallery-card').filter({ hasText: 'Rosa album' }).getByTestId('open-proofing').click();
      const list = page.getByTestId('proofing-modal').getByTestId('proofing-selection-items');
      await list.getByTestId('proofing-thumb').first().waitFor();
      expect(await thumbIds(list.getByTestId('proofing-thumb'))).toEqual(chosen.slice(0, 24));
      expect(await list.getByText('24 of 30').count()).toBe(1);
      await list.getByRole('button', { name: 'Show 6 more' }).click();
      expect(await thumbIds(list.getByTestId('proofing-thumb'))).toEqual(chosen);
      expect(await list.getByTestId('proofing-show-more').count()).toBe(0);
      // The last one opens as "30 of 30".
      await list.getByTestId('proofing-thumb').last().click();
      await page.getByTestId('photo-viewer').getByText('30 of 30').waitFor();
    } finally {
      await page.close();
    }
  });
});

describe("the Photos tab filtered by the client's choices", () => {
  it('shows only what a recipient selected or favourited, or what has comments, and all photos again', async () => {
    const page = await logIn(owner);
    try {
      await page.goto(`${booted.baseUrl}/admin/plugins/client-gallery/clients/${clientId}`);
      const grid = page.getByTestId('photo-grid');
      await grid.getByTestId('gallery-image').first().waitFor();
      const shown = () => thumbIds(grid.getByTestId('gallery-image'));
      const choose = async (option: string, expected: string[]) => {
        await page.getByRole('combobox', { name: 'Show' }).click();
        await page.getByRole('option', { name: option }).click();
        await page.waitForFunction(
          (want) => JSON.stringify(Array.from(document.querySelectorAll('[data-testid="photo-grid"] [data-testid="gallery-image"]')).map((el) => el.getAttribute('data-document-id'))) === want,
          JSON.stringify(expected),
        );
      };
      const all = (await shown()) as string[];
      expect(all.length).toBeGreaterThan(3);
      // Round 2 is ROSA_02 and ROSA_03: newest first, as the grid always is.
      await choose('Selected by Rosa <rosa@client.test> · Rosa proofing', [imageIds[2], imageIds[1]]);
      await page.screenshot({ path: path.join(artifactsDir, 'admin-photos-filtered.png'), fullPage: true });
      await choose('Commented', [imageIds[1]]);
      await page.getByRole('combobox', { name: 'Show' }).click();
      await page.getByRole('option', { name: 'Favourited by Rosa <rosa@client.test> · Rosa proofing' }).click();
      await page.getByTestId('photo-filter-empty').waitFor();
      expect(await grid.count()).toBe(0);
      await choose('All photos', all);
    } finally {
      await page.close();
    }
  });
});

describe('the gallery options and the review checklist in the admin', () => {
  const galleriesTab = async (page: Page) => {
    await page.goto(`${booted.baseUrl}/admin/plugins/client-gallery/clients/${clientId}`);
    await page.getByRole('tab', { name: 'Galleries & sharing' }).click();
  };
  const draftOf = (title: string) => strapi.db.query(GALLERY).findOne({ where: { title, publishedAt: null } });

  it('saves selection on with min and max, comments off, filters off, review on, the deadline and its reminders, and reads them back', async () => {
    const created = await strapi.documents(GALLERY).create({ data: { title: 'Rosa options', client: clientId, images: imageIds, stage: 'proofing' } as any });
    await strapi.documents(GALLERY).publish({ documentId: created.documentId });
    const page = await logIn(owner);
    try {
      await galleriesTab(page);
      const card = page.getByTestId('gallery-card').filter({ hasText: 'Rosa options' });
      await card.getByRole('button', { name: 'Edit details' }).click();
      let form = page.getByTestId('gallery-form');
      await form.getByRole('checkbox', { name: 'Clients select their final set' }).click();
      await form.getByLabel('Minimum photos').fill('2');
      await form.getByLabel('Maximum photos').fill('4');
      await form.getByRole('checkbox', { name: 'Advanced review (approve or request changes per photo)' }).click();
      await form.getByRole('checkbox', { name: 'Show filters on the gallery page' }).click();
      await form.getByLabel('Selection deadline').fill('2099-02-03');
      // Reminders: on by default, following the plugin's days until the gallery has its own.
      expect(await form.getByRole('checkbox', { name: /^Email deadline reminders/ }).getAttribute('aria-checked')).toBe('true');
      await form.getByText('Empty: the default (3, 1).').waitFor();
      await form.getByLabel('Reminder days before the deadline').fill('7, 2');
      fs.mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, 'admin-gallery-options.png'), fullPage: true });
      await form.getByRole('button', { name: 'Save' }).click();
      await card.filter({ hasText: /selection deadline/i }).waitFor();
      expect(await draftOf('Rosa options')).toMatchObject({
        selectionAllowed: true,
        selectionMin: 2,
        selectionMax: 4,
        commentsAllowed: false,
        reviewEnabled: true,
        filtersEnabled: false,
        deadline: '2099-02-03',
        remindersEnabled: true,
        reminderDays: [7, 2],
      });

      // Read back: a fresh page shows what was saved.
      await galleriesTab(page);
      await card.getByRole('button', { name: 'Edit details' }).click();
      form = page.getByTestId('gallery-form');
      expect(await form.getByRole('checkbox', { name: 'Clients select their final set' }).getAttribute('aria-checked')).toBe('true');
      expect(await form.getByLabel('Minimum photos').inputValue()).toBe('2');
      expect(await form.getByLabel('Maximum photos').inputValue()).toBe('4');
      expect(await form.getByRole('checkbox', { name: 'Clients can comment' }).getAttribute('aria-checked')).toBe('false');
      expect(await form.getByRole('checkbox', { name: /^Advanced review/ }).getAttribute('aria-checked')).toBe('true');
      expect(await form.getByRole('checkbox', { name: 'Show filters on the gallery page' }).getAttribute('aria-checked')).toBe('false');
      expect(await form.getByLabel('Selection deadline').inputValue()).toBe('2099-02-03');
      expect(await form.getByLabel('Reminder days before the deadline').inputValue()).toBe('7, 2');

      // Days the server would refuse are refused in the form first, and nothing is saved.
      await form.getByLabel('Reminder days before the deadline').fill('7, 7, 90');
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByText('Reminder days: up to 5 different whole numbers from 1 to 60.').waitFor();
      expect((await draftOf('Rosa options')).reminderDays).toEqual([7, 2]);
      await form.getByLabel('Reminder days before the deadline').fill('7, 2');

      // A minimum above the maximum is refused in the form, and nothing is saved.
      await form.getByLabel('Minimum photos').fill('5');
      await form.getByRole('button', { name: 'Save' }).click();
      await form.getByText('The minimum selection cannot be above the maximum.').waitFor();
      expect((await draftOf('Rosa options')).selectionMin).toBe(2);

      // Selection off, comments on, no deadline: saved, and the limits no longer show.
      await form.getByLabel('Minimum photos').fill('2');
      await form.getByRole('checkbox', { name: 'Clients select their final set' }).click();
      expect(await form.getByLabel('Minimum photos').count()).toBe(0);
      await form.getByRole('checkbox', { name: 'Clients can comment' }).click();
      await form.getByLabel('Selection deadline').fill('');
      // Reminders off: the days field goes, and the saved days are kept for later.
      await form.getByRole('checkbox', { name: /^Email deadline reminders/ }).click();
      expect(await form.getByLabel('Reminder days before the deadline').count()).toBe(0);
      await form.getByRole('button', { name: 'Save' }).click();
      await form.waitFor({ state: 'detached' });
      expect(await draftOf('Rosa options')).toMatchObject({
        selectionAllowed: false,
        commentsAllowed: true,
        reviewEnabled: true,
        filtersEnabled: false,
        deadline: null,
        remindersEnabled: false,
        reminderDays: [7, 2],
      });
      await card.getByRole('button', { name: 'Edit details' }).click();
      form = page.getByTestId('gallery-form');
      expect(await form.getByRole('checkbox', { name: /^Email deadline reminders/ }).getAttribute('aria-checked')).toBe('false');
    } finally {
      await page.close();
    }
  });

  it('sets a photo the client asked to change back to "in review" from the checklist', async () => {
    const created = await strapi.documents(GALLERY).create({
      data: {
        title: 'Rosa retouch',
        client: clientId,
        images: imageIds,
        cover: imageIds[0],
        stage: 'proofing',
        deadline: '2099-01-01',
        reviewEnabled: true,
      } as any,
    });
    await strapi.documents(GALLERY).publish({ documentId: created.documentId });
    const retouch = (await makeLink(strapi, created.documentId, { recipientEmail: 'rosa@client.test', recipientName: 'Rosa' })).token;
    expect(
      (await visitor().put(`/api/share/${retouch}/images/${imageIds[2]}/review`).send({ decision: 'changes-requested', note: 'Softer skin, please' })).status,
    ).toBe(200);
    expect((await visitor().put(`/api/share/${retouch}/images/${imageIds[0]}/review`).send({ decision: 'approved' })).status).toBe(200);

    const page = await logIn(owner);
    try {
      await galleriesTab(page);
      await page.getByTestId('gallery-card').filter({ hasText: 'Rosa retouch' }).getByTestId('open-proofing').click();
      const modal = page.getByTestId('proofing-modal');
      const row = modal.getByTestId('proofing-review').filter({ hasText: 'ROSA_03.jpg' });
      await row.waitFor();
      // Decisions are shown in words (the admin's i18n), not as the API's enums.
      expect(await row.textContent()).toMatch(/Changes requested.*Softer skin, please/);
      await row.getByRole('button', { name: 'Back to in review' }).click();
      await row.filter({ hasText: /In review/ }).waitFor(); // (case-sensitive: not the button's "Back to in review")
      expect(await row.getByRole('button', { name: 'Back to in review' }).count()).toBe(0);
      await page.screenshot({ path: path.join(artifactsDir, 'admin-review-in-review.png'), fullPage: true });
      const marks = (await visitor().get(`/api/share/${retouch}/review`)).body.data.marks;
      expect(marks.find((mark: any) => mark.imageId === imageIds[2])).toMatchObject({ decision: 'in-review', decidedBy: 'studio' });
      expect(marks.find((mark: any) => mark.imageId === imageIds[0])).toMatchObject({ decision: 'approved' });
    } finally {
      await page.close();
    }
  });
});

import type { BrowserContext, Page } from 'playwright-core';
import { execFileSync } from 'child_process';
import fs from 'fs';
import { bootPublicPages, makeWedding, shot, tenDaysOut, unlock, WEDDING, type PublicPages } from '../helpers/public-pages';

/**
 * Downloads on /g/:token in a real Chromium: a single photo at a chosen resolution, the download
 * manager's limit, used and remaining, a zip of the selected photos with its progress and size,
 * the manager's list after a reload, and the claim a general link asks for before a download.
 */
let pages: PublicPages;
let wedding: Awaited<ReturnType<typeof makeWedding>>;
const DEADLINE = tenDaysOut();

beforeAll(async () => {
  pages = await bootPublicPages('browser-public-downloads');
  wedding = await makeWedding(pages.strapi, DEADLINE);
}, 600000);

afterAll(async () => {
  await pages?.stop();
});

describe('downloads on the gallery page', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await pages.newContext({ width: 1280, height: 860 });
    page = pages.watch(await context.newPage());
    await unlock(page, pages.baseUrl, wedding.tokens.ready, WEDDING.password);
  });
  afterAll(async () => {
    await context?.close();
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
    const ticked = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('.tile'))
          .filter((tile) => tile.querySelector('[data-testid="add-download"][aria-pressed="true"]'))
          .map((tile) => tile.getAttribute('data-image-id')),
      );
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
});

describe('downloads on a general link', () => {
  it('keeps the photo whose "add to downloads" asked for the claim: it is in the manager on the private link', async () => {
    const context = await pages.newContext({ width: 1280, height: 860 });
    try {
      const page = pages.watch(await context.newPage());
      await page.goto(`${pages.baseUrl}/g/${wedding.tokens.generalDownloads}`);
      await page.getByTestId('grid').waitFor();
      const tile = page.locator('.tile').nth(1);
      const imageId = await tile.getAttribute('data-image-id');
      await tile.hover();
      await tile.getByTestId('add-download').click();
      const dialog = page.getByTestId('claim-dialog');
      await dialog.waitFor();
      await dialog.getByLabel('Your email').fill('cousin@client.test');
      await dialog.getByRole('button', { name: /Email me/ }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/g/') && !url.pathname.endsWith(wedding.tokens.generalDownloads), { timeout: 15000 });
      await page.getByTestId('grid').waitFor();
      await page.waitForFunction(
        (id) => document.querySelector(`.tile[data-image-id="${id}"] [data-testid="add-download"]`)?.getAttribute('aria-pressed') === 'true',
        imageId,
      );
      expect(await page.getByTestId('open-downloads').textContent()).toMatch(/Downloads \(1\)/);
    } finally {
      await context.close();
    }
  });

  it('logged no console errors and no page errors', () => {
    expect(pages.problems).toEqual([]);
  });
});

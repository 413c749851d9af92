import type { BrowserContext, Page } from 'playwright-core';
import { bootPublicPages, makeWedding, shot, tenDaysOut, thumbsLoaded, WEDDING, type PublicPages } from '../helpers/public-pages';

/**
 * /g/:token in a real Chromium, against a booted Strapi: the password prompt, the grid and its
 * label filters, the keyboard lightbox, and the page on a 390 px phone. Photos go through the real
 * ingest, so thumbnails are real signed /media derivatives. (Downloads and access by claim,
 * sign-in link and portal have files of their own.)
 */
let pages: PublicPages;
let wedding: Awaited<ReturnType<typeof makeWedding>>;
const DEADLINE = tenDaysOut();

beforeAll(async () => {
  pages = await bootPublicPages('browser-public-browse');
  wedding = await makeWedding(pages.strapi, DEADLINE);
}, 600000);

afterAll(async () => {
  await pages?.stop();
});

describe('public gallery page', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await pages.newContext({ width: 1280, height: 860 });
    page = pages.watch(await context.newPage());
  });
  afterAll(async () => {
    await context?.close();
  });

  it('asks for the password, says so when it is wrong, and shows the gallery when it is right', async () => {
    await page.goto(`${pages.baseUrl}/g/${wedding.tokens.ready}`);
    const form = page.getByTestId('password-form');
    await form.waitFor();
    await expect(page.getByRole('heading', { name: 'This gallery is private' }).isVisible()).resolves.toBe(true);
    await shot(page, 'password');

    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'View gallery' }).click();
    await page
      .getByTestId('password-error')
      .filter({ hasText: /isn’t right/ })
      .waitFor();
    await shot(page, 'password-wrong');

    await page.getByLabel('Password').fill(WEDDING.password);
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
    expect(await page.getByTestId('thumb').count()).toBe(WEDDING.labels.length);
    const filters = await page.getByTestId('label-filter').allTextContents();
    expect(filters).toEqual(['All photos', 'Ceremony', 'Details', 'First dance', 'Portraits']);
    await shot(page, 'gallery-1280');
    await shot(page, 'gallery-1280-full', true);

    await page.getByTestId('label-filter').filter({ hasText: 'Ceremony' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="thumb"]').length === 3);
    expect(await page.getByTestId('label-filter').filter({ hasText: 'Ceremony' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('label-filter').filter({ hasText: 'All photos' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="thumb"]').length === n, WEDDING.labels.length);
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
    const counter = await page
      .locator('.lightbox-counter')
      .evaluate((el) => ({ height: el.getBoundingClientRect().height, font: parseFloat(getComputedStyle(el).fontSize) }));
    expect(counter.height).toBeLessThan(counter.font * 2);
    await shot(page, 'lightbox-390');
    await page.keyboard.press('Escape');
  });

  it('logged no console errors and no page errors', () => {
    expect(pages.problems).toEqual([]);
  });
});

import request from 'supertest';
import type { BrowserContext, Page } from 'playwright-core';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { createClient } from '../helpers/fixtures';
import { ingestPhoto } from '../helpers/downloads';
import { makeLink } from '../helpers/share';
import { bootPublicPages, makeWeddingGallery, shot, tenDaysOut, thumbsLoaded, type PublicPages } from '../helpers/public-pages';
import { renderDemoPhoto } from '../../src/demo/photos';

/**
 * A marked-up photo on /g/:token, in a real Chromium: the original and its
 * markup each carry a badge ("Original", "Marked up") that flips the tile, and the viewer, to the
 * other version, from the mouse or the keyboard, at 1280 px and on a 390 px phone. A markup whose
 * original is not shared gets no badge.
 */
let pages: PublicPages;
let token: string;
/** p1 plain; p2 shared with its markup m2; m3 shared without its original p3. */
const ids: Record<'p1' | 'p2' | 'p3' | 'm2' | 'm3', string> = { p1: '', p2: '', p3: '', m2: '', m3: '' };
const LAYERS = [
  { tool: 'ellipse', from: [0.3, 0.25], to: [0.7, 0.75], colour: '#ff0000', width: 0.015 },
  { tool: 'arrow', from: [0.1, 0.1], to: [0.28, 0.3], colour: '#ffff00', width: 0.012 },
  { tool: 'text', at: [0.06, 0.9], text: 'Day 14: redness gone', colour: '#ffffff', width: 0.05 },
];

const tile = (page: Page, id: string) => page.locator(`.tile[data-image-id="${id}"]`);
const showing = (page: Page, id: string) => tile(page, id).getAttribute('data-showing');
const lightboxImage = (page: Page) => page.getByTestId('lightbox-image').getAttribute('data-image-id');
/** The photo in the viewer has real pixels, and its fade-in is over (for the screenshot). */
async function viewerLoaded(page: Page) {
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="lightbox-image"]');
    return Boolean(img && img.complete && img.naturalWidth > 0 && img.classList.contains('is-loaded'));
  });
  await page.waitForTimeout(400);
}
/** The grid at the top of the screen (the page scrolls smoothly, so wait for it to arrive). */
async function toGrid(page: Page) {
  await page.evaluate(() => document.getElementById('photos')?.scrollIntoView({ behavior: 'instant' as ScrollBehavior }));
  await page.waitForTimeout(300);
}

beforeAll(async () => {
  pages = await bootPublicPages('browser-public-markup');
  const { strapi } = pages;
  const staff = (await createAdmin(strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'modifier')).token;
  const client = await createClient(strapi, 'Nora Lind');
  for (const [i, key] of (['p1', 'p2', 'p3'] as const).entries()) {
    ids[key] = (
      await ingestPhoto(
        strapi,
        client.documentId,
        await renderDemoPhoto(i + 11, `Visit ${i + 1}`, { width: 1500, height: 1000 }),
        `IMG_${i + 1}.jpg`,
        'Consultation',
      )
    ).documentId;
  }
  const markup = async (of: string) => {
    const res = await request(pages.baseUrl).post(`/client-gallery/images/${of}/markup`).set('Authorization', `Bearer ${staff}`).send({ layers: LAYERS });
    expect(res.status).toBe(201);
    return res.body.data.documentId as string;
  };
  ids.m2 = await markup(ids.p2);
  ids.m3 = await markup(ids.p3);
  // The markup is not next to its original: the badge, not the order, shows them together.
  const gallery = await makeWeddingGallery(strapi, 'Nora — Skin consultation', 'ready', [ids.p2, ids.p1, ids.m3, ids.m2], client.documentId, tenDaysOut());
  token = (await makeLink(strapi, gallery, { recipientEmail: 'nora@client.test', watermark: false })).token;
}, 600000);

afterAll(async () => {
  await pages?.stop();
});

describe.each([
  ['desktop', { width: 1280, height: 860 }],
  ['phone', { width: 390, height: 844 }],
] as const)('markup pairs on the gallery page (%s)', (name, viewport) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await pages.newContext(viewport);
    page = pages.watch(await context.newPage());
    await page.goto(`${pages.baseUrl}/g/${token}`);
    await page.getByTestId('grid').waitFor();
    await thumbsLoaded(page);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('badges the original and its markup, and nothing else: not a markup whose original is not shared', async () => {
    expect(await tile(page, ids.p2).getByTestId('pair-badge').textContent()).toMatch(/Original$/);
    expect(await tile(page, ids.m2).getByTestId('pair-badge').textContent()).toMatch(/Marked up$/);
    expect(await tile(page, ids.p1).getByTestId('pair-badge').count()).toBe(0);
    expect(await tile(page, ids.m3).getByTestId('pair-badge').count()).toBe(0);
    expect(await page.getByTestId('pair-badge').count()).toBe(2);
    // The badge sits inside its tile, and the page does not scroll sideways.
    const inside = await tile(page, ids.m2).evaluate((el) => {
      const [t, b] = [el.getBoundingClientRect(), el.querySelector('.pair-badge')!.getBoundingClientRect()];
      return b.left >= t.left && b.right <= t.right && b.top >= t.top && b.bottom <= t.bottom;
    });
    expect(inside).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await toGrid(page);
    await shot(page, `markup-grid-${name}`);
  });

  it('flips the original’s tile to the markup and back from the keyboard, its picture and actions following', async () => {
    const markupThumb = await tile(page, ids.m2).locator('img').getAttribute('src');
    const badge = tile(page, ids.p2).getByTestId('pair-badge');
    expect(await badge.getAttribute('aria-label')).toBe('Original. Show the marked-up version');
    await badge.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector(`.tile[data-image-id="${id}"]`)?.getAttribute('data-showing') !== id, ids.p2);
    expect(await showing(page, ids.p2)).toBe(ids.m2);
    expect(await tile(page, ids.p2).locator('img').getAttribute('src')).toBe(markupThumb);
    expect(await tile(page, ids.p2).getByTestId('thumb').getAttribute('aria-label')).toMatch(/\(marked up\)$/);
    // Focus stays on the badge, now naming the version shown.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Marked up. Show the original');
    await thumbsLoaded(page);
    await toGrid(page);
    await shot(page, `markup-grid-flipped-${name}`);

    await page.keyboard.press('Space');
    await page.waitForFunction((id) => document.querySelector(`.tile[data-image-id="${id}"]`)?.getAttribute('data-showing') === id, ids.p2);
    expect(await tile(page, ids.p2).getByTestId('pair-badge').textContent()).toMatch(/Original$/);
  });

  it('opens the markup in the viewer, and flips the viewer between the two with its badge', async () => {
    await tile(page, ids.m2).getByTestId('thumb').click();
    const lightbox = page.getByTestId('lightbox');
    await lightbox.waitFor();
    expect(await lightboxImage(page)).toBe(ids.m2);
    const badge = lightbox.getByTestId('pair-badge');
    expect(await badge.textContent()).toMatch(/Marked up$/);
    await viewerLoaded(page);
    await shot(page, `markup-lightbox-${name}`);

    await badge.click();
    await page.waitForFunction((id) => document.querySelector('[data-testid="lightbox-image"]')?.getAttribute('data-image-id') === id, ids.p2);
    expect(await lightbox.getByTestId('pair-badge').textContent()).toMatch(/Original$/);
    // The counter follows the original's place in the gallery (first).
    expect(await lightbox.locator('.lightbox-counter').textContent()).toBe('1 / 4');
    await viewerLoaded(page);
    await shot(page, `markup-lightbox-original-${name}`);

    // From the keyboard: the badge keeps focus, Enter flips back; arrows still step through the gallery.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pair-badge');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector('[data-testid="lightbox-image"]')?.getAttribute('data-image-id') === id, ids.m2);
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction((id) => document.querySelector('[data-testid="lightbox-image"]')?.getAttribute('data-image-id') === id, ids.m3);
    expect(await lightbox.getByTestId('pair-badge').count()).toBe(0);
    await page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'detached' });
  });

  it('logged no console errors and no page errors', () => {
    expect(pages.problems).toEqual([]);
  });
});

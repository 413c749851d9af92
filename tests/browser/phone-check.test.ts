import fs from 'fs';
import path from 'path';
import { execSync } from 'child_process';
import request from 'supertest';
import type { BrowserContext, Page } from 'playwright-core';
import { appDir, distDir } from '../helpers/strapi';
import { artifactsDir } from '../helpers/browser';
import { bootPublicPages, makeWedding, makeWeddingGallery, tenDaysOut, thumbsLoaded, unlock, WEDDING, type PublicPages } from '../helpers/public-pages';
import { makeLink, setStatus } from '../helpers/share';
import { createAdmin, createSuperAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { HEIGHT, layoutProblems, measureAtWidths, screenshotDir, type MeasureOptions } from '../helpers/layout-check';

/**
 * Every page and state on a phone, a tablet and a desktop (360, 390, 768 and 1280 px): the gallery
 * in each stage with its lightbox, download manager, proofing and comments, the password page and
 * notices, the portal and its forms, and the admin plugin's pages and dialogs. Each state is set up
 * once and measured at every width (the page is resized, not reloaded), so the whole walk shares one
 * Strapi and one browser. A state fails on sideways overflow, a control off-screen or covered, or a
 * tap target under 40×40 px; the public pages and the portal also get an axe-core pass (no serious
 * or critical violation). Screenshots at 390 px go to the folder the test prints.
 */
let pages: PublicPages;
let wedding: Awaited<ReturnType<typeof makeWedding>>;
let owner: { email: string; password: string };
const tokens: Record<'proofing' | 'ready' | 'locked' | 'archived', string> = {
  proofing: '',
  ready: '',
  locked: '',
  archived: '',
};
const shots = screenshotDir(artifactsDir);
const failures: string[] = [];
const measure = (page: Page, name: string, options: MeasureOptions = {}) => measureAtWidths(page, name, options, { shots, failures });
const ok = (response: { status: number; text: string }) => {
  if (response.status >= 300) throw new Error(`${response.status} ${response.text}`);
};

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', {
      cwd: appDir,
      stdio: 'inherit',
      env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
    });
  }
  const started = Date.now();
  pages = await bootPublicPages('browser-phone-check', { CRON_ENABLED: 'false' }, { serveAdminPanel: true });
  const booted = Date.now();
  wedding = await makeWedding(pages.strapi, tenDaysOut());
  const seeded = Date.now();
  owner = await createSuperAdmin(pages.strapi);
  const studio = (await createAdmin(pages.strapi, [PLUGIN_ACTIONS.read, PLUGIN_ACTIONS.update], 'phone studio')).token;
  // Every proofing feature at once on a link with downloads in three sizes: the fullest bars the page draws.
  const extra = {
    selectionAllowed: true,
    selectionMax: 5,
    commentsAllowed: true,
    reviewEnabled: true,
    filtersEnabled: true,
  };
  for (const stage of ['proofing', 'ready', 'locked', 'archived'] as const) {
    const documentId = await makeWeddingGallery(pages.strapi, `Maya & Jon — ${stage}`, 'proofing', wedding.imageIds, wedding.client.documentId, tenDaysOut());
    await pages.strapi.documents('plugin::client-gallery.gallery').update({ documentId, data: extra as any });
    await pages.strapi.documents('plugin::client-gallery.gallery').publish({ documentId });
    const made = await makeLink(pages.strapi, documentId, {
      recipientEmail: `${stage}@client.test`,
      recipientName: 'Maya',
      downloadsEnabled: true,
      downloadLimit: 10,
      resolutions: ['web', 'high', 'original'],
      watermark: false,
    });
    tokens[stage] = made.token;
    const visitor = () => request(pages.baseUrl);
    await visitor().put(`/api/share/${tokens[stage]}/selection/${wedding.imageIds[0]}`).expect(ok);
    await visitor().put(`/api/share/${tokens[stage]}/favourites/${wedding.imageIds[0]}`);
    for (const body of ['Could this one be a little warmer?', 'And can we crop the left edge?', 'Thank you, it looks lovely already.'])
      await visitor().post(`/api/share/${tokens[stage]}/images/${wedding.imageIds[0]}/comments`).send({ body }).expect(ok);
    if (stage === 'ready') {
      // Confirmed, then reopened by the studio, then delivered: the client's selection is closed.
      await visitor().post(`/api/share/${tokens[stage]}/selection/confirm`).expect(ok);
      await visitor()
        .post(`/client-gallery/links/${made.link.documentId}/selection/reopen`)
        .set('Authorization', `Bearer ${studio}`)
        .send({ reason: 'One more for the album, please' })
        .expect(ok);
    }
    if (stage !== 'proofing') await setStatus(pages.strapi, documentId, stage);
  }
  console.log(`phone check set-up: boot ${booted - started} ms, wedding ${seeded - booted} ms, galleries ${Date.now() - seeded} ms`);
}, 600000);

afterAll(async () => {
  if (failures.length) console.log(failures.join('\n'));
  await pages?.stop();
});

/** A context at this width; its page's console is watched unless it is for the admin (Strapi's own requests to the internet fail offline). */
async function phone(width = 390, watch = true): Promise<{ context: BrowserContext; page: Page }> {
  // CSP bypassed so that axe-core can be injected; nothing measured here depends on the CSP.
  const context = await pages.newContext({ width, height: HEIGHT[width] ?? 844 }, { bypassCSP: true });
  const page = await context.newPage();
  return { context, page: watch ? pages.watch(page) : page };
}

async function openLightbox(page: Page, token: string, index = 0) {
  await page.goto(`${pages.baseUrl}/g/${token}`);
  await page.getByTestId('grid').waitFor();
  await thumbsLoaded(page);
  await page.locator('.tile-open').nth(index).click();
  await page.getByTestId('lightbox').waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid="lightbox-image"]') as HTMLImageElement | null)?.complete);
}

/** The box of an element, or null when it is not laid out. */
const box = (page: Page, selector: string) =>
  page.evaluate((s) => {
    const el = document.querySelector(s);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {
      left: r.left,
      right: r.right,
      top: r.top,
      bottom: r.bottom,
      width: r.width,
      height: r.height,
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
    };
  }, selector);

describe('the lightbox on a phone and on a desktop', () => {
  it('at 390×844 in a ready gallery with downloads in three sizes, its top bar fits: Close and Download whole and on screen, and Close closes', async () => {
    const { context, page } = await phone(390);
    try {
      await openLightbox(page, tokens.ready);
      await page.getByTestId('download-single').waitFor();
      expect(await page.locator('.lightbox [data-testid="select"][aria-pressed="true"]').count()).toBe(1); // the Selected pill is there
      const bar = (await box(page, '.lightbox-bar'))!;
      expect(bar.scrollWidth).toBeLessThanOrEqual(390);
      for (const selector of ['[data-testid="lightbox-close"]', '[data-testid="download-single"]', '#lightbox-resolution']) {
        const control = (await box(page, selector))!;
        expect({
          selector,
          left: control.left >= 0,
          right: control.right <= 390,
          whole: control.scrollWidth <= control.clientWidth + 1,
        }).toEqual({
          selector,
          left: true,
          right: true,
          whole: true,
        });
      }
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({
        path: path.join(shots, 'bug-lightbox-ready-390.png'),
      });
      await page.getByTestId('lightbox-close').click();
      await page.getByTestId('lightbox').waitFor({ state: 'detached' });
    } finally {
      await context.close();
    }
  });

  it('at 1280×860 the comment thread never covers the photo', async () => {
    const { context, page } = await phone(1280);
    try {
      await openLightbox(page, tokens.proofing);
      await page.locator('.lightbox [data-testid="comment"]').nth(2).waitFor();
      const image = (await box(page, '[data-testid="lightbox-image"]'))!;
      const side = (await box(page, '.lightbox-side'))!;
      const caption = (await box(page, '.lightbox-caption'))!;
      await page.screenshot({
        path: path.join(shots, 'bug-lightbox-comments-1280.png'),
      });
      expect(image.height).toBeGreaterThan(400);
      const apart = (a: typeof image, b: typeof image) => a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1 || b.bottom <= a.top + 1;
      expect({
        side: apart(image, side),
        caption: apart(image, caption),
      }).toEqual({ side: true, caption: true });
      // Nothing is drawn over the photo: its corners and centre are the photo itself.
      const inset = 6;
      for (const [x, y] of [
        [image.left + inset, image.top + inset],
        [image.right - inset, image.top + inset],
        [image.left + image.width / 2, image.top + image.height / 2],
        [image.left + inset, image.bottom - inset],
        [image.right - inset, image.bottom - inset],
      ]) {
        expect(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('data-testid'), { x, y })).toBe('lightbox-image');
      }
    } finally {
      await context.close();
    }
  });
});

describe('the notices of a reopened selection in a gallery that is now Ready', () => {
  it('says only that the selection is closed, not that the studio reopened it', async () => {
    const { context, page } = await phone(390);
    try {
      await page.goto(`${pages.baseUrl}/g/${tokens.ready}`);
      await page.getByTestId('selection-counter').waitFor();
      expect(await page.getByText('Selection is closed. This is what you chose.').count()).toBe(1);
      expect(await page.getByTestId('reopen-reason').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('the admin plugin on a phone', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await phone(390, false));
    await adminLogIn(page);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('the photo viewer at 390 px keeps its toolbar to one row over an opaque backdrop, Close on screen', async () => {
    await page.goto(`${pages.baseUrl}/admin/plugins/client-gallery/clients/${wedding.client.documentId}`);
    await page.getByTestId('open-photo').first().click();
    const viewer = page.getByTestId('photo-viewer');
    await viewer.waitFor();
    await page.screenshot({
      path: path.join(shots, 'bug-admin-viewer-390.png'),
    });
    const toolbar = (await box(page, '[data-testid="photo-viewer-toolbar"]'))!;
    expect(toolbar).not.toBeNull();
    expect(toolbar.height).toBeLessThanOrEqual(64);
    const close = await viewer.getByRole('button', { name: 'Close' }).boundingBox();
    expect(close!.x + close!.width).toBeLessThanOrEqual(390);
    const alpha = await viewer.evaluate((el) => {
      const colour = getComputedStyle(el).backgroundColor;
      const parts = /rgba?\(([^)]+)\)/.exec(colour)![1].split(',').map(Number);
      return parts.length === 4 ? parts[3] : 1;
    });
    expect(alpha).toBe(1);
    expect(await layoutProblems(page, { within: '[data-testid="photo-viewer"]' })).toEqual([]);
    await page.keyboard.press('Escape');
  });

  it('its pages and dialogs at 360, 390, 768 and 1280 px', async () => {
    const within = '[data-testid="client-gallery-admin"]';
    await page.goto(`${pages.baseUrl}/admin/plugins/client-gallery`);
    await page.getByTestId('client-row').first().waitFor();
    await measure(page, 'admin-clients', { within, admin: true });
    await page.goto(`${pages.baseUrl}/admin/plugins/client-gallery/clients/${wedding.client.documentId}`);
    await page.getByTestId('gallery-image').first().waitFor();
    await measure(page, 'admin-photos', {
      within,
      admin: true,
      fullPage: true,
    });
    await page.getByTestId('open-photo').first().click();
    await page.getByTestId('photo-viewer').waitFor();
    await measure(page, 'admin-photo-viewer', {
      within: '[data-testid="photo-viewer"]',
      admin: true,
    });
    await page.keyboard.press('Escape');
    // The grid filtered by a recipient's choices (the filter runs on the server).
    await page.getByRole('combobox', { name: 'Show' }).click();
    await page.getByRole('option', { name: 'Selected by Maya <proofing@client.test> · Maya & Jon — proofing' }).click();
    await page.locator(`[data-testid="photo-grid"] [data-testid="gallery-image"][data-document-id="${wedding.imageIds[0]}"]`).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="photo-grid"] [data-testid="gallery-image"]').length === 1);
    await measure(page, 'admin-photos-filtered', { within, admin: true, fullPage: true });
    await page.getByRole('tab', { name: 'Galleries & sharing' }).click();
    await page.getByTestId('gallery-card').first().waitFor();
    await measure(page, 'admin-galleries', {
      within,
      admin: true,
      fullPage: true,
    });
    const card = page.getByTestId('gallery-card').filter({ hasText: /Maya & Jon — proofing/ });
    for (const [button, name] of [
      ['Curate photos', 'admin-curate'],
      ['Edit details', 'admin-details'],
    ] as const) {
      await card.getByRole('button', { name: button }).click();
      await page.getByRole('dialog').waitFor();
      if (button === 'Curate photos') {
        // The Curate dialog marks the current cover (the gallery's first photo here) as it opens.
        const cover = page.locator(`[data-testid="curation-photo"][data-document-id="${wedding.imageIds[0]}"]`);
        await cover.waitFor();
        expect(await cover.getByText('Cover', { exact: true }).count()).toBe(1);
      }
      await measure(page, name, { within: '[role="dialog"]', admin: true });
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    await card.getByTestId('link-row').first().getByRole('button', { name: 'Edit settings' }).click();
    await page.getByRole('dialog').waitFor();
    await measure(page, 'admin-link-settings', {
      within: '[role="dialog"]',
      admin: true,
    });
    // The same dialog on a watermarked link whose downloads are clean: both boxes and the hint.
    const form = page.getByRole('dialog');
    for (const [name, on] of [
      [/watermark photos/i, true],
      [/downloaded images have watermarks/i, false],
    ] as const) {
      const box = form.getByRole('checkbox', { name });
      if ((await box.isChecked()) !== on) await box.click();
    }
    await form.getByText('Views stay watermarked; downloads are the clean photos.').waitFor();
    await measure(page, 'admin-link-settings-clean-downloads', {
      within: '[role="dialog"]',
      admin: true,
    });
    await page.keyboard.press('Escape');
    await card.getByTestId('open-proofing').click();
    await page.getByTestId('proofing-modal').getByTestId('proofing-recipient').first().waitFor();
    await measure(page, 'admin-proofing', {
      within: '[role="dialog"]',
      admin: true,
    });
    // A selected photo's thumbnail opens the photo viewer over the whole screen; Esc goes back to the dialog.
    await page.getByTestId('proofing-selection-items').first().getByTestId('proofing-thumb').first().click();
    await page.getByTestId('photo-viewer').waitFor();
    await measure(page, 'admin-proofing-viewer', {
      within: '[data-testid="photo-viewer"]',
      admin: true,
    });
    await page.keyboard.press('Escape');
    await page.getByTestId('photo-viewer').waitFor({ state: 'detached' });
    await page.getByTestId('proofing-modal').waitFor();
    await page.keyboard.press('Escape');
    await page.goto(`${pages.baseUrl}/admin/plugins/client-gallery/notifications`);
    // A full reload of the admin app: on a machine busy with other suites it can take longer than
    // playwright's default 30 s to draw.
    await page.locator('main').waitFor({ timeout: 90_000 });
    await measure(page, 'admin-notifications', { within, admin: true });
    await page.goto(`${pages.baseUrl}/admin/plugins/client-gallery/dashboard`);
    await page.getByTestId('dashboard-attention').waitFor({ timeout: 90_000 });
    await measure(page, 'admin-dashboard', { within, admin: true });
  });
});

async function adminLogIn(page: Page) {
  await page.goto(`${pages.baseUrl}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(owner.email);
  await page.getByLabel(/^password/i).fill(owner.password);
  await page.getByRole('button', { name: /login/i }).click();
  await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });
}

describe('every page and state at 360, 390, 768 and 1280 px', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ({ context, page } = await phone(390));
  });
  afterAll(async () => {
    await context?.close();
  });

  it('the gallery page in each stage, with its lightbox, download manager, proofing and comments', async () => {
    // The password page, then past it.
    await page.goto(`${pages.baseUrl}/g/${wedding.tokens.ready}`);
    await page.getByTestId('password-form').waitFor();
    await measure(page, 'password', { axe: true });
    await unlock(page, pages.baseUrl, wedding.tokens.ready, WEDDING.password);
    await thumbsLoaded(page);
    await measure(page, 'ready-password-grid', { axe: true, fullPage: true });

    for (const stage of ['proofing', 'ready', 'locked'] as const) {
      await openLightbox(page, tokens[stage]);
      await measure(page, `${stage}-lightbox`, { axe: true });
      await page.getByTestId('lightbox-close').click();
      await measure(page, `${stage}-grid`, { axe: true, fullPage: true });
      if (stage === 'ready') {
        await page.getByTestId('open-downloads').click();
        await page.getByTestId('downloads-panel').waitFor();
        await measure(page, 'ready-downloads-panel', { axe: true });
        await page.keyboard.press('Escape');
      }
    }

    await page.goto(`${pages.baseUrl}/g/${tokens.archived}`);
    await page.locator('[data-state], [data-testid="grid"]').first().waitFor();
    await measure(page, 'archived', { axe: true, fullPage: true });
    // A link that leads nowhere: its 404 is the answer the page shows, not a console fault.
    const before = pages.problems.length;
    await page.goto(`${pages.baseUrl}/g/not-a-real-token-at-all`);
    await page.locator('[data-state="not-found"]').waitFor();
    pages.problems.splice(before, pages.problems.length - before, ...pages.problems.slice(before).filter((line) => !/status of 404/.test(line)));
    await measure(page, 'not-found', { axe: true });

    // A general link: watermarked proofing, and the claim dialog a download asks for.
    await page.goto(`${pages.baseUrl}/g/${wedding.tokens.general}`);
    await thumbsLoaded(page);
    await measure(page, 'general-grid', { axe: true, fullPage: true });
    // A general link is shared, not private: its footer says so.
    expect(await page.locator('.footer').textContent()).toContain('Shared gallery');
    await page.goto(`${pages.baseUrl}/g/${wedding.tokens.generalDownloads}`);
    await thumbsLoaded(page);
    await page.locator('.tile').nth(1).getByTestId('add-download').click();
    await page.getByTestId('claim-dialog').waitFor();
    await measure(page, 'general-claim-dialog', { axe: true });
  });

  it('the portal and its forms', async () => {
    for (const [route, ready, name] of [
      ['/portal', 'login-form', 'portal-login'],
      ['/portal/sign-up', 'sign-up-form', 'portal-sign-up'],
      ['/portal/forgot-password', 'forgot-form', 'portal-forgot'],
      ['/portal/reset-password?code=abc', 'reset-form', 'portal-reset'],
    ] as const) {
      await page.goto(`${pages.baseUrl}${route}`);
      await page.getByTestId(ready).waitFor();
      await measure(page, name, { axe: true });
    }
    await page.goto(`${pages.baseUrl}/portal`);
    await page.getByLabel('Email').fill('maya@client.test');
    await page.getByLabel('Password').fill(WEDDING.portalPassword);
    await page.getByTestId('login-form').getByRole('button').last().click();
    await page.getByTestId('portal-list').waitFor();
    await page.getByTestId('portal-gallery').first().waitFor();
    await measure(page, 'portal-galleries', { axe: true, fullPage: true });
    await page.getByTestId('layout-table').click();
    await measure(page, 'portal-galleries-table', {
      axe: true,
      fullPage: true,
    });
  });
});

describe('the phone check', () => {
  it('found no overflow, off-screen or covered control, small tap target or serious axe violation (screenshots listed)', () => {
    console.log(`phone check screenshots (390 px): ${shots}`);
    expect(failures).toEqual([]);
    expect(pages.problems).toEqual([]);
  });
});

import { bootPublicPages, newestMail, makeWedding, shot, tenDaysOut, thumbsLoaded, WEDDING, type PublicPages } from '../helpers/public-pages';

/**
 * Getting into a gallery in a real Chromium: the claim a general link asks for on the first
 * favourite (then the private link it leads to), a dead link, a one-time sign-in link mailed from
 * the password page, and the portal's login and gallery list.
 */
let pages: PublicPages;
let wedding: Awaited<ReturnType<typeof makeWedding>>;
const DEADLINE = tenDaysOut();

beforeAll(async () => {
  pages = await bootPublicPages('browser-public-access');
  wedding = await makeWedding(pages.strapi, DEADLINE);
}, 600000);

afterAll(async () => {
  await pages?.stop();
});

describe('public gallery page on a general link', () => {
  it('asks for an email on the first favourite, claims a private link, moves there and keeps the favourite; hearts toggle', async () => {
    const context = await pages.newContext({ width: 1280, height: 860 });
    try {
      const page = pages.watch(await context.newPage());
      await page.goto(`${pages.baseUrl}/g/${wedding.tokens.general}`);
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

      await page.waitForURL((url) => url.pathname.startsWith('/g/') && !url.pathname.endsWith(wedding.tokens.general), { timeout: 15000 });
      await page.getByTestId('grid').waitFor();
      const heart = page.locator(`.tile[data-image-id="${favouritedId}"]`).getByTestId('favourite');
      await page.waitForFunction(
        (id) => document.querySelector(`.tile[data-image-id="${id}"] [data-testid="favourite"]`)?.getAttribute('aria-pressed') === 'true',
        favouritedId,
      );
      const claimed = await pages.strapi.db.query('plugin::client-gallery.share-link').findOne({ where: { recipientEmail: 'guest@client.test' } });
      expect(claimed?.kind).toBe('private');

      // Toggle off and on again, and the favourites-only filter follows.
      await heart.click();
      await page.waitForFunction(
        (id) => document.querySelector(`.tile[data-image-id="${id}"] [data-testid="favourite"]`)?.getAttribute('aria-pressed') === 'false',
        favouritedId,
      );
      await heart.click();
      await page.waitForFunction(
        (id) => document.querySelector(`.tile[data-image-id="${id}"] [data-testid="favourite"]`)?.getAttribute('aria-pressed') === 'true',
        favouritedId,
      );
      await page.getByTestId('favourites-filter').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="thumb"]').length === 1);
      expect(await page.locator('.tile').first().getAttribute('data-image-id')).toBe(favouritedId);
      await shot(page, 'favourites-only');
    } finally {
      await context.close();
    }
  });

  it('shows "not found" for a dead link, with the same shell', async () => {
    const context = await pages.newContext({ width: 390, height: 844 });
    try {
      const page = await context.newPage();
      page.on('pageerror', (error) => pages.problems.push(`pageerror: ${error.message}`));
      await page.goto(`${pages.baseUrl}/g/${'Z'.repeat(43)}`);
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
    const context = await pages.newContext({ width: 1280, height: 860 });
    try {
      const page = pages.watch(await context.newPage());
      await page.goto(`${pages.baseUrl}/g/${wedding.tokens.ready}`);
      await page.getByTestId('password-form').waitFor();
      await page.getByTestId('sign-in-request').click();
      await page
        .getByTestId('sign-in-status')
        .filter({ hasText: /emailed a sign-in link/ })
        .waitFor();
      await shot(page, 'sign-in-requested');

      let mail = newestMail(pages.outbox, 'maya@client.test', /^Sign in to/);
      for (let i = 0; !mail && i < 40; i++) {
        await page.waitForTimeout(100);
        mail = newestMail(pages.outbox, 'maya@client.test', /^Sign in to/);
      }
      const url = /(http\S+#sign-in=si2\.\S+)/.exec(mail!.text)![1];
      await page.goto(url);
      await page.getByTestId('grid').waitFor();
      expect(new URL(page.url()).hash).toBe('');

      // Used once: the same link again, in a fresh browser, is refused and says why.
      const other = pages.watch(await (await pages.newContext({ width: 1280, height: 860 })).newPage());
      await other.goto(url);
      await other
        .getByTestId('sign-in-problem')
        .filter({ hasText: /already been used/ })
        .waitFor();
      await other.context().close();
    } finally {
      await context.close();
    }
  });
});

describe('portal page', () => {
  it('logs in, lists the account’s galleries (unavailable ones marked), remembers the layout, and opens a gallery', async () => {
    const context = await pages.newContext({ width: 1280, height: 860 });
    try {
      const page = pages.watch(await context.newPage());
      await page.goto(`${pages.baseUrl}/portal`);
      await page.getByTestId('login-form').waitFor();
      await page.getByLabel('Email').fill('maya@client.test');
      await page.getByLabel('Password').fill('wrong-password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page
        .getByTestId('login-error')
        .filter({ hasText: /don’t match/ })
        .waitFor();
      await page.getByLabel('Password').fill(WEDDING.portalPassword);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByTestId('portal-list').waitFor();
      const cards = page.getByTestId('portal-gallery');
      await cards.nth(1).waitFor();
      expect(await cards.count()).toBe(2);
      const engagement = cards.filter({ hasText: 'Engagement' });
      expect(await engagement.getByTestId('unavailable').textContent()).toBe('Unavailable');
      expect(await engagement.getByTestId('open-gallery').count()).toBe(0);
      // The JWT stays in this tab's sessionStorage, never in a cookie or localStorage.
      expect(
        await page.evaluate(
          () => Boolean(sessionStorage.getItem('cg_portal_jwt')) && !localStorage.getItem('cg_portal_jwt') && !document.cookie.includes('jwt'),
        ),
      ).toBe(true);
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
    expect(pages.problems).toEqual([]);
  });
});

import fs from 'fs';
import path from 'path';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { bootStrapi, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';
import { smtpEnv, startSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp';

/**
 * The portal's account pages in a real Chromium : a client signs up, confirms
 * the address from the mail, logs in and sees the gallery shared with it; forgets the password,
 * resets it from the mailed link and logs in with the new one; and an account with nothing shared
 * gets the hints (the address it is logged in as, the invitation, refreshing, unpublished or past
 * the deadline). Mail goes to a real SMTP server on loopback; the demo's hostSettings opt-ins
 * (email confirmation, the reset link to /portal/reset-password) are on.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let smtp: TestSmtp;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let fileId: number;
const problems: string[] = [];
const PHONE = { width: 390, height: 844 };
const NEW_PASSWORD = 'Brand-New-Passw0rd';

async function shot(page: Page, name: string) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `portal-account-${name}.png`), fullPage: true });
}

async function newPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  // A refused log-in or a used reset code is a 4xx the page handles; anything else is a problem.
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (400|401)/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return { context, page };
}

/** The link in a mail, on this test server's origin (mails carry the configured public URL). */
function linkIn(mail: ReceivedMail, pattern: RegExp): string {
  const match = pattern.exec(mail.text || mail.html);
  if (!match) throw new Error(`no link like ${pattern} in: ${mail.text || mail.html}`);
  const url = new URL(match[0].replace(/&amp;/g, '&'));
  return `${url.pathname}${url.search}`;
}

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function logIn(page: Page, email: string, password: string) {
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

beforeAll(async () => {
  smtp = await startSmtp();
  booted = await bootStrapi('browser-portal-account', smtpEnv(smtp, { STUDIO_NOTIFY_EMAIL: '', CRON_ENABLED: 'false' }));
  strapi = booted.strapi;
  fileId = (await uploadFile(strapi, await makeJpeg(71, 640, 480), 'nina.jpg')).id;
  const { gallery } = await makeGallery(strapi, 'Nina — Proofing', fileId, { images: 2, deadline: '2099-03-01' });
  await makeLink(strapi, gallery.documentId, { recipientEmail: 'nina@client.test', recipientName: 'Nina' });
  ({ browser, close: closeBrowser } = await launchChromium());
}, 600000);

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
  await smtp?.stop();
});

describe('the portal account pages', () => {
  it('signs up at 390 px, confirms from the mail, logs in and sees the gallery shared with that email', async () => {
    const { context, page } = await newPage(PHONE);
    try {
      await page.goto(`${booted.baseUrl}/portal`);
      await page.getByTestId('sign-up-link').click();
      await page.waitForURL(/\/portal\/sign-up$/);
      await page.getByTestId('sign-up-form').waitFor();
      // Keyboard first: the email field has focus, labels name every field.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('sign-up-email');
      await page.getByLabel('Email').fill('Nina@Client.test');
      await page.getByLabel('Password', { exact: true }).fill('Nina-Passw0rd');
      await page.getByLabel('Repeat the password').fill('Nina-Passw0rd-typo');
      await page.getByRole('button', { name: 'Create account' }).click();
      expect(await page.getByRole('alert').textContent()).toBe('The two passwords are not the same.');
      expect(await page.getByLabel('Repeat the password').getAttribute('aria-invalid')).toBe('true');
      expect(await strapi.db.query('plugin::users-permissions.user').count({ where: { email: 'nina@client.test' } })).toBe(0);

      await page.getByLabel('Repeat the password').fill('Nina-Passw0rd');
      await page.getByLabel('Repeat the password').press('Enter');
      await page.locator('[data-state="check-inbox"]').waitFor();
      expect(await page.getByTestId('sign-up-address').textContent()).toBe('nina@client.test');
      expect(await noSideScroll(page)).toBe(true);
      await shot(page, 'check-inbox-390');

      // Not confirmed yet: the portal will not let the account in.
      await page.getByTestId('login-link').click();
      await logIn(page, 'nina@client.test', 'Nina-Passw0rd');
      expect(
        await page
          .getByTestId('login-error')
          .filter({ hasText: /confirm your email/ })
          .textContent(),
      ).toMatch(/Please confirm your email address first/);

      const mail = await smtp.waitFor((m) => m.to.includes('nina@client.test'));
      const confirm = await request(booted.baseUrl).get(linkIn(mail, /https?:\/\/[^\s"<]+\/api\/auth\/email-confirmation\?confirmation=[A-Za-z0-9]+/));
      expect(confirm.status).toBe(302);
      expect(new URL(confirm.headers.location).pathname).toBe('/portal'); // back to the portal to log in

      await page.goto(`${booted.baseUrl}/portal`);
      await logIn(page, 'nina@client.test', 'Nina-Passw0rd');
      const card = page.getByTestId('portal-gallery').filter({ hasText: 'Nina — Proofing gallery' });
      await card.waitFor();
      expect(await card.getByTestId('portal-status').textContent()).toBe('Proofing');
      // The address galleries are matched against, named for screen readers as such.
      expect((await page.getByTestId('portal-account').textContent())!.replace(/\s+/g, ' ').trim()).toBe('Logged in as nina@client.test');
      expect(await noSideScroll(page)).toBe(true);
      await shot(page, 'signed-up-galleries-390');
    } finally {
      await context.close();
    }
  });

  it('resets a forgotten password from the mailed link (same answer for unknown addresses), then logs in with the new one', async () => {
    const { context, page } = await newPage(PHONE);
    try {
      await page.goto(`${booted.baseUrl}/portal`);
      await page.getByTestId('forgot-link').click();
      await page.waitForURL(/\/portal\/forgot-password$/);
      // An address without an account gets exactly the answer an account gets, and no mail.
      await page.getByLabel('Email').fill('stranger@client.test');
      await page.getByRole('button', { name: 'Send me a link' }).click();
      const unknown = (await page.getByTestId('forgot-sent').textContent())!.replace('stranger@client.test', '<address>');
      await page.goto(`${booted.baseUrl}/portal/forgot-password`);
      await page.getByLabel('Email').fill('nina@client.test');
      await page.getByRole('button', { name: 'Send me a link' }).click();
      const known = (await page.getByTestId('forgot-sent').textContent())!.replace('nina@client.test', '<address>');
      expect(known).toBe(unknown);
      expect(known).toMatch(/^If there is an account for <address>, we have sent it a link/);
      await shot(page, 'forgot-sent-390');

      const mail = await smtp.waitFor((m) => m.to.includes('nina@client.test') && /reset-password/.test(m.text || m.html));
      expect(smtp.messages.some((m) => m.to.includes('stranger@client.test'))).toBe(false);
      const resetLink = linkIn(mail, /https?:\/\/[^\s"<]+\/portal\/reset-password\?code=[0-9a-f]+/);
      await page.goto(`${booted.baseUrl}${resetLink}`);
      await page.getByTestId('reset-form').waitFor();
      // The one-time code leaves the address bar (and so the history) at once.
      expect(new URL(page.url()).search).toBe('');
      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
      expect(await noSideScroll(page)).toBe(true);
      await shot(page, 'reset-390');
      await page.getByRole('button', { name: 'Save the new password' }).click();
      await page.locator('[data-state="reset-done"]').waitFor();

      // The code works once: the same link again says so and offers a new one.
      await page.goto(`${booted.baseUrl}${resetLink}`);
      await page.getByLabel('New password', { exact: true }).fill('Another-Passw0rd');
      await page.getByLabel('Repeat the new password').fill('Another-Passw0rd');
      await page.getByRole('button', { name: 'Save the new password' }).click();
      await page.locator('[data-state="reset-invalid"]').waitFor();

      await page.getByTestId('login-link').click();
      await logIn(page, 'nina@client.test', 'Nina-Passw0rd');
      await page
        .getByTestId('login-error')
        .filter({ hasText: /don’t match/ })
        .waitFor();
      await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByTestId('portal-gallery').filter({ hasText: 'Nina — Proofing gallery' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('tells an account with nothing shared why, naming its email, and shows a gallery shared later after a refresh', async () => {
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    await strapi
      .plugin('users-permissions')
      .service('user')
      .add({
        username: 'omar@client.test',
        email: 'omar@client.test',
        password: 'Omar-Passw0rd',
        provider: 'local',
        confirmed: true,
        blocked: false,
        role: role.id,
      });
    for (const viewport of [PHONE, { width: 1280, height: 900 }]) {
      const { context, page } = await newPage(viewport);
      try {
        await page.goto(`${booted.baseUrl}/portal`);
        await logIn(page, 'omar@client.test', 'Omar-Passw0rd');
        const empty = page.getByTestId('portal-empty');
        await empty.waitFor();
        expect(await empty.getByRole('heading', { level: 2 }).textContent()).toBe('No galleries here yet');
        expect(await page.getByTestId('hint-email').innerText()).toMatch(
          /You are logged in as omar@client\.test\. Your studio must have invited exactly this address/,
        );
        expect(await page.getByTestId('hint-invitation').innerText()).toMatch(/enter omar@client\.test to accept the invitation/);
        expect(await page.getByTestId('hint-refresh').innerText()).toMatch(/Access changes show the next time this page loads/);
        expect(await page.getByTestId('hint-availability').innerText()).toMatch(
          /not published yet.*listed as unavailable.*After its deadline a gallery stays, closed for selections/s,
        );
        expect(await page.getByTestId('layout-grid').count()).toBe(0); // nothing to lay out
        expect(await noSideScroll(page)).toBe(true);
        await shot(page, `empty-${viewport.width}`);
      } finally {
        await context.close();
      }
    }

    const { context, page } = await newPage(PHONE);
    try {
      await page.goto(`${booted.baseUrl}/portal`);
      await logIn(page, 'omar@client.test', 'Omar-Passw0rd');
      await page.getByTestId('portal-empty').waitFor();
      const { gallery } = await makeGallery(strapi, 'Omar — Late', fileId, { images: 1, deadline: '2026-01-05' });
      await makeLink(strapi, gallery.documentId, { recipientEmail: 'omar@client.test' });
      await page.getByTestId('portal-refresh').click();
      const card = page.getByTestId('portal-gallery').filter({ hasText: 'Omar — Late gallery' });
      await card.waitFor();
      // Past its deadline: listed, and closed for selections.
      expect(await card.getByTestId('portal-status').textContent()).toBe('Selections closed');
    } finally {
      await context.close();
    }
  });

  it('logged no console errors and no page errors', () => {
    expect(problems).toEqual([]);
  });
});

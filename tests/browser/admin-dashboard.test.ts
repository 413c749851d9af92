import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { Browser, Page } from 'playwright-core';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium, logInToAdmin } from '../helpers/browser';
import { createAdmin, PLUGIN_ACTIONS } from '../helpers/admin';
import { makeJpeg, uploadFile } from '../helpers/fixtures';
import { makeGallery, makeLink } from '../helpers/share';

/**
 * The studio's dashboard in a real Chromium: it lists a gallery whose deadline is near, a link
 * whose download limit is used up and a mail that failed, and each row opens the place where the
 * studio acts on it. Its attention rows are also a widget on Strapi's home page.
 */
let booted: BootedStrapi;
let strapi: Core.Strapi;
let baseUrl: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let viewer: { email: string; password: string };
let near: Awaited<ReturnType<typeof makeGallery>>;
let limited: Awaited<ReturnType<typeof makeGallery>>;
let limitedLink: { link: any; token: string };
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

const logIn = (account: { email: string; password: string }, width = 1280) => logInToAdmin(browser, baseUrl, account, { width, height: 900 });

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi('browser-dashboard', { SMTP_HOST: '' }, { serveAdminPanel: true });
  strapi = booted.strapi;
  baseUrl = booted.baseUrl;
  viewer = await createAdmin(strapi, [PLUGIN_ACTIONS.read], 'dashboard viewer');
  const fileId = (await uploadFile(strapi, await makeJpeg(41, 320, 240), 'dashboard.jpg')).id;
  near = await makeGallery(strapi, 'Nora Nearby', fileId, { deadline: tomorrow });
  await makeLink(strapi, near.gallery.documentId, { recipientEmail: 'nora@client.test' });
  limited = await makeGallery(strapi, 'Lukas Limit', fileId, { status: 'ready' });
  limitedLink = await makeLink(strapi, limited.gallery.documentId, { recipientEmail: 'lukas@client.test', downloadsEnabled: true, downloadLimit: 1, resolutions: ['web'] });
  await strapi.db.query('plugin::client-gallery.share-link').update({ where: { id: limitedLink.link.id }, data: { downloadsUsed: 1 } });
  await strapi.db.query('plugin::client-gallery.outbox-mail').create({
    data: { kind: 'invitation', recipient: 'bounced@client.test', subject: 'Your gallery is ready', textBody: 'x', status: 'failed', attempts: 5, lastError: 'refused' },
  });
  ({ browser, close: closeBrowser } = await launchChromium());
}, 600000);

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
});

describe('client-gallery admin: the dashboard', () => {
  let page: Page;
  beforeAll(async () => {
    page = await logIn(viewer);
  });
  afterAll(async () => page?.close());

  it("shows what needs attention as a widget on Strapi's home page", async () => {
    const widget = page.getByTestId('dashboard-attention');
    await widget.waitFor({ timeout: 30000 });
    await expect(widget.innerText()).resolves.toMatch(/Nora Nearby gallery/);
  });

  it('lists the near deadline, the used-up limit and the failed mail, each opening where the studio acts', async () => {
    await page.goto(`${baseUrl}/admin/plugins/client-gallery`);
    await page.getByTestId('dashboard-button').click();
    await page.waitForURL(/\/plugins\/client-gallery\/dashboard$/);
    const deadline = page.getByTestId('attention-deadline').filter({ hasText: 'Nora Nearby gallery' });
    const limit = page.getByTestId('attention-limit-used-up').filter({ hasText: 'Lukas Limit gallery' });
    const mail = page.getByTestId('attention-failed-mail').filter({ hasText: 'bounced@client.test' });
    await deadline.waitFor();
    await expect(deadline.innerText()).resolves.toContain(`deadline ${tomorrow}`);
    await expect(limit.innerText()).resolves.toContain('1 of 1');
    await expect(mail.innerText()).resolves.toContain('Your gallery is ready');
    fs.mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, 'admin-dashboard.png'), fullPage: true });

    // The deadline opens the gallery's Proofing dialog on the client page.
    await deadline.click();
    await page.waitForURL(new RegExp(`/clients/${near.client.documentId}\\?proofing=${near.gallery.documentId}&link=`));
    await page.getByRole('dialog').waitFor();
    await page.goBack();

    // The used-up limit opens the client's sharing tab on that gallery and link.
    await limit.click();
    await page.waitForURL(new RegExp(`/clients/${limited.client.documentId}\\?tab=sharing&gallery=${limited.gallery.documentId}&link=${limitedLink.link.documentId}`));
    await expect(page.getByRole('tab', { name: 'Galleries & sharing' }).getAttribute('aria-selected')).resolves.toBe('true');
    await page.goBack();

    // The failed mail opens the Notifications page, where the outbox offers to send it again.
    await mail.click();
    await page.waitForURL(/\/plugins\/client-gallery\/notifications$/);
    await expect(page.getByText('bounced@client.test', { exact: false }).first().innerText()).resolves.toContain('bounced@client.test');
  });
});

import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import type { Core } from '@strapi/strapi';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { createSuperAdmin } from '../helpers/admin';
import { createClient, createImages, makeJpeg, uploadFile } from '../helpers/fixtures';

/**
 * Clients in a real Chromium: New client, Edit, and Merge into… with a preview of what moves,
 * then Undo from the merge history.
 */
const CLIENT = 'plugin::client-gallery.client';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let owner: { email: string; password: string };

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, name), fullPage: true });
};

beforeAll(async () => {
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi('browser-clients', {}, { serveAdminPanel: true });
  strapi = booted.strapi;
  owner = await createSuperAdmin(strapi);
  const fileId = (await uploadFile(strapi, await makeJpeg(9), 'merge.jpg')).id;
  const alma = await createClient(strapi, 'Alma Keep');
  await createImages(strapi, alma.documentId, fileId, 1);
  ({ browser, close: closeBrowser } = await launchChromium());
}, 600000);

afterAll(async () => {
  await closeBrowser?.();
  await booted?.stop();
});

describe('clients in the admin', () => {
  it('makes a client, edits it, merges it into another with a preview, and undoes the merge', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    try {
      await page.goto(`${booted.baseUrl}/admin/auth/login`);
      await page.getByLabel(/email/i).fill(owner.email);
      await page.getByLabel(/^password/i).fill(owner.password);
      await page.getByRole('button', { name: /login/i }).click();
      await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });
      await page.goto(`${booted.baseUrl}/admin/plugins/client-gallery`);

      await page.getByRole('button', { name: 'New client' }).click();
      const form = page.getByTestId('client-form');
      await form.getByLabel('Name').fill('Bea Duplicate');
      await form.getByLabel('Email').fill('bea@client.test');
      await form.getByRole('button', { name: 'Create client' }).click();
      await page.waitForURL(/\/clients\/[^/]+$/);
      await page.getByRole('heading', { name: 'Bea Duplicate' }).waitFor();
      const bea = await strapi.db.query(CLIENT).findOne({ where: { name: 'Bea Duplicate' } });
      expect(bea.email).toBe('bea@client.test');

      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await page.getByTestId('client-form').getByLabel('Phone').fill('555-0199');
      await page.getByTestId('client-form').getByRole('button', { name: 'Save' }).click();
      await page.getByText('555-0199').first().waitFor();
      await createImages(strapi, bea.documentId, (await uploadFile(strapi, await makeJpeg(10), 'bea.jpg')).id, 2);
      await page.reload();
      await page.getByTestId('gallery-image').nth(1).waitFor();

      await page.getByRole('button', { name: 'Merge into…' }).click();
      await page.getByRole('combobox', { name: 'Merge into' }).click();
      await page.getByRole('option', { name: 'Alma Keep' }).click();
      const preview = page.getByTestId('merge-preview');
      await preview.waitFor();
      await expect(preview.innerText()).resolves.toMatch(/Photos: 2/);
      await shot(page, 'admin-merge-preview.png');
      await page.getByTestId('merge-form').getByRole('button', { name: 'Merge', exact: true }).click();
      await page.getByTestId('merged-into').waitFor();
      expect((await strapi.db.query(CLIENT).findOne({ where: { documentId: bea.documentId }, populate: { mergedInto: true } })).mergedInto.name).toBe(
        'Alma Keep',
      );

      const history = page.getByTestId('merge-history');
      await history.waitFor();
      await history.getByRole('button', { name: 'Undo' }).click();
      await history.getByText(/Undone/).waitFor();
      await page.getByTestId('merged-into').waitFor({ state: 'detached' });
      expect((await strapi.db.query(CLIENT).findOne({ where: { documentId: bea.documentId }, populate: { mergedInto: true } })).mergedInto).toBeNull();
      await page.getByTestId('gallery-image').nth(1).waitFor();
      await shot(page, 'admin-merge-undone.png');
    } finally {
      await page.close();
    }
  });
});

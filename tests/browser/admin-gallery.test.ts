import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { bootStrapi, appDir, distDir, type BootedStrapi } from '../helpers/strapi';
import { artifactsDir, launchChromium } from '../helpers/browser';
import { createClient, createImage, uploadFile } from '../helpers/fixtures';
import { renderDemoPhoto } from '../../src/demo/photos';

let booted: BootedStrapi;
let strapi: Core.Strapi;
let baseUrl: string;
const admin = { email: 'owner@studio.test', password: 'Browser-Passw0rd!' };

beforeAll(async () => {
  // The admin bundle is built by `npm run build`; build it here when it is missing so the test stands alone.
  if (!fs.existsSync(path.join(distDir, 'build', 'index.html'))) {
    execSync('npx strapi build', { cwd: appDir, stdio: 'inherit', env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' } });
  }
  booted = await bootStrapi('browser-admin', {}, { serveAdminPanel: true });
  strapi = booted.strapi;
  baseUrl = booted.baseUrl;

  const roles = strapi.service('admin::role');
  await roles.createRolesIfNoneExist();
  const superAdmin = await roles.getSuperAdmin();
  await strapi.service('admin::user').create({ ...admin, firstname: 'Studio', lastname: 'Owner', isActive: true, roles: [superAdmin.id] });

  const maya = await createClient(strapi, 'Maya Lindqvist');
  await createClient(strapi, 'Tomás Okafor');
  for (const [i, label] of ['Ceremony', 'Portraits', 'First dance'].entries()) {
    const file = await uploadFile(strapi, await renderDemoPhoto(i + 1, label, { width: 800, height: 533 }), `maya-${i + 1}.jpg`);
    await createImage(strapi, { fileId: file.id, clientDocumentId: maya.documentId, takenAt: `2026-05-20T1${i}:00:00.000Z`, label });
  }
}, 600000);

afterAll(async () => {
  await booted?.stop();
});

describe('client-gallery admin page', () => {
  it("logs in, opens the plugin from the menu, and shows a seeded client's photos newest first", async () => {
    const { browser, close } = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(`${baseUrl}/admin/auth/login`);
      await page.getByLabel(/email/i).fill(admin.email);
      await page.getByLabel(/^password/i).fill(admin.password);
      await page.getByRole('button', { name: /login/i }).click();
      await page.waitForURL(/\/admin(\/)?$/, { timeout: 60000 });

      await page.getByRole('link', { name: 'Client gallery' }).click();
      await page.waitForURL(/\/admin\/plugins\/client-gallery/);
      const rows = page.getByTestId('client-row');
      await rows.first().waitFor();
      expect(await rows.allInnerTexts()).toEqual([expect.stringContaining('Maya Lindqvist'), expect.stringContaining('Tomás Okafor')]);

      await rows.filter({ hasText: 'Maya Lindqvist' }).click();
      const tiles = page.getByTestId('gallery-image');
      await tiles.nth(2).waitFor();
      expect(await tiles.count()).toBe(3);
      const texts = await tiles.allInnerTexts();
      expect(texts[0]).toMatch(/first dance/i);
      expect(texts[2]).toMatch(/ceremony/i);

      // Every thumbnail really loads (decodes to pixels), not just an <img> with a broken URL.
      await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="gallery-image"] img')).every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));

      fs.mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, 'admin-client-gallery.png'), fullPage: true });
    } finally {
      await close();
    }
  });
});

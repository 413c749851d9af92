import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import type { BrowserContext, Page } from 'playwright-core';
import { appDir, bootStrapi, type BootedStrapi, type BootOptions } from './strapi';
import { artifactsDir, launchChromium } from './browser';
import { createClient } from './fixtures';
import { makeLink } from './share';
import { ingestPhoto } from './downloads';
import { parseMail } from './smtp';
import { renderDemoPhoto } from '../../src/demo/photos';

/**
 * The public pages (/g/:token, /portal) in a real Chromium against a booted Strapi: one booted
 * server and one browser per test file, the console watched, screenshots under tests/.artifacts.
 */
export interface PublicPages {
  booted: BootedStrapi;
  strapi: Core.Strapi;
  baseUrl: string;
  outbox: string;
  /** Console and page errors seen so far (expected API refusals excepted). */
  problems: string[];
  /** `bypassCSP` lets a test inject a script (axe-core) into pages whose CSP forbids inline scripts. */
  newContext(viewport: { width: number; height: number }, options?: { bypassCSP?: boolean }): Promise<BrowserContext>;
  /** A page whose console errors and page errors land in `problems`. */
  watch(page: Page): Page;
  stop(): Promise<void>;
}

export async function bootPublicPages(label: string, env: Record<string, string> = {}, options: BootOptions = {}): Promise<PublicPages> {
  const outbox = `.tmp/outbox-${label}`;
  const booted = await bootStrapi(label, { STUDIO_NOTIFY_EMAIL: '', OUTBOX_DIR: outbox, STUDIO_NAME: 'Lumen Studio', ...env }, options);
  const strapi = booted.strapi;
  strapi.config.set('plugin::client-gallery.share.publicUrl', booted.baseUrl);
  const chromium = await launchChromium();
  const problems: string[] = [];
  return {
    booted,
    strapi,
    baseUrl: booted.baseUrl,
    outbox: path.join(appDir, outbox),
    problems,
    newContext: (viewport, options = {}) =>
      chromium.browser.newContext({
        viewport,
        bypassCSP: options.bypassCSP ?? false,
        // No entrance animations: a panel measured while it slides in is not where it will stay.
        reducedMotion: 'reduce',
        acceptDownloads: true,
        deviceScaleFactor: 1,
        locale: 'en-US',
        timezoneId: Intl.DateTimeFormat().resolvedOptions().timeZone,
      }),
    watch(page) {
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        // Expected API refusals (400 wrong login, 401 password, 403 claim) are answers, not errors.
        if (/Failed to load resource: the server responded with a status of (400|401|403)/.test(message.text())) return;
        problems.push(`console: ${message.text()}`);
      });
      return page;
    },
    async stop() {
      await chromium.close();
      await strapi.service('plugin::client-gallery.download-package').settled();
      await booted.stop();
    },
  };
}

export async function shot(page: Page, name: string, fullPage = false) {
  fs.mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: path.join(artifactsDir, `public-${name}.png`), fullPage });
}

/** Every thumbnail on the page has real pixels. */
export const thumbsLoaded = (page: Page) =>
  page.waitForFunction(() => {
    const images = Array.from(document.querySelectorAll<HTMLImageElement>('[data-testid="thumb"] img'));
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
  });

/** The newest mail in the outbox to `to` whose subject matches. */
export function newestMail(outbox: string, to: string, subject: RegExp) {
  const files = fs.existsSync(outbox)
    ? fs
        .readdirSync(outbox)
        .filter((name) => name.endsWith('.eml'))
        .sort()
        .reverse()
    : [];
  for (const name of files) {
    const mail = parseMail(fs.readFileSync(path.join(outbox, name), 'utf8'), { from: '', to: [] });
    if (mail.raw.includes(to) && subject.test(mail.subject)) return mail;
  }
  return null;
}

/** The wedding: seven demo photos, three galleries, their links and Maya's portal account. */
export const WEDDING = {
  password: 'Sunlit-Garden-26',
  portalPassword: 'Portal-Passw0rd!',
  labels: ['Ceremony', 'Portraits', 'First dance', 'Ceremony', 'Portraits', 'Details', 'Ceremony'],
  sizes: [
    [1500, 1000],
    [1000, 1500],
    [1500, 1000],
    [1500, 1000],
    [1000, 1500],
    [1500, 1000],
    [1200, 1200],
  ] as [number, number][],
};

/** Ten days out, so the page shows a live deadline ("in 10 days") whatever the date of the run. */
export function tenDaysOut(): string {
  const inTenDays = new Date(Date.now() + 10 * 86_400_000);
  return [inTenDays.getFullYear(), inTenDays.getMonth() + 1, inTenDays.getDate()].map((n) => String(n).padStart(2, '0')).join('-');
}

const GALLERY = 'plugin::client-gallery.gallery';

export async function makeWeddingGallery(
  strapi: Core.Strapi,
  title: string,
  status: 'proofing' | 'ready',
  ids: string[],
  clientDocumentId: string,
  deadline: string,
) {
  const gallery = await strapi.documents(GALLERY).create({
    data: {
      title,
      client: clientDocumentId,
      images: ids,
      cover: ids[0],
      stage: status,
      welcomeNote: 'Thank you for a wonderful day in the garden. Take your time with these: mark your favourites and download the ones you love.',
      deadline,
      shootDate: '2026-05-20',
    } as any,
  });
  await strapi.documents(GALLERY).publish({ documentId: gallery.documentId });
  return gallery.documentId;
}

/**
 * Maya's wedding as every public-page test knows it: `ready` (private, password, 3 downloads at
 * web or high), `general` (proofing, watermarked), `generalDownloads` (three photos, downloads after
 * a claim), an unpublished gallery shared with her, and her confirmed portal account.
 */
export async function makeWedding(strapi: Core.Strapi, deadline: string) {
  const client = await createClient(strapi, 'Maya Lindqvist');
  const imageIds: string[] = [];
  for (const [i, label] of WEDDING.labels.entries()) {
    const [width, height] = WEDDING.sizes[i];
    imageIds.push(
      (await ingestPhoto(strapi, client.documentId, await renderDemoPhoto(i + 1, label, { width, height }), `maya-${i + 1}.jpg`, label)).documentId,
    );
  }
  const tokens: Record<'ready' | 'general' | 'generalDownloads', string> = { ready: '', general: '', generalDownloads: '' };
  const ready = await makeWeddingGallery(strapi, 'Maya & Jon — The Garden Wedding', 'ready', imageIds, client.documentId, deadline);
  const proofing = await makeWeddingGallery(strapi, 'Maya & Jon — Proofing', 'proofing', imageIds, client.documentId, deadline);
  tokens.ready = (
    await makeLink(strapi, ready, {
      recipientEmail: 'maya@client.test',
      recipientName: 'Maya',
      password: WEDDING.password,
      downloadsEnabled: true,
      downloadLimit: 3,
      resolutions: ['web', 'high'],
      watermark: false,
    })
  ).token;
  tokens.general = (await makeLink(strapi, proofing, { kind: 'general', watermark: true })).token;
  // A general link with downloads: adding a photo to the download manager needs a claim first.
  const shared = await makeWeddingGallery(strapi, 'Maya & Jon — For the family', 'ready', imageIds.slice(0, 3), client.documentId, deadline);
  tokens.generalDownloads = (await makeLink(strapi, shared, { kind: 'general', watermark: true, downloadsEnabled: true, resolutions: ['web'] })).token;
  // The portal account: Maya's confirmed email names the ready gallery's link and an unpublished one.
  const hidden = await strapi
    .documents(GALLERY)
    .create({ data: { title: 'Maya & Jon — Engagement', client: client.documentId, images: imageIds.slice(0, 2), stage: 'proofing' } as any });
  await makeLink(strapi, hidden.documentId, { recipientEmail: 'maya@client.test' });
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  await strapi
    .plugin('users-permissions')
    .service('user')
    .add({ username: 'maya', email: 'maya@client.test', password: WEDDING.portalPassword, provider: 'local', confirmed: true, blocked: false, role: role.id });
  return { client, imageIds, tokens };
}

/** Past the password prompt of a protected link, to its grid. */
export async function unlock(page: Page, baseUrl: string, token: string, password: string) {
  await page.goto(`${baseUrl}/g/${token}`);
  await page.getByTestId('password-form').waitFor();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'View gallery' }).click();
  await page.getByTestId('grid').waitFor();
}

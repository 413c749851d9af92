#!/usr/bin/env node
/**
 * `npm run demo`: boots the built app on the embedded defaults (SQLite, private local storage,
 * mail to ./outbox), seeds demo data once, and prints how to log in.
 */
const fs = require('fs');
const path = require('path');

process.env.STRAPI_TELEMETRY_DISABLED = 'true';
const appDir = path.resolve(__dirname, '..');

/**
 * The banner promises milestone mails in the outbox, so the demo studio needs an address to mail
 * them to. One set in the environment or in .env wins.
 */
function demoNotifyEmail() {
  if (process.env.STUDIO_NOTIFY_EMAIL) return;
  const envFile = path.join(appDir, '.env');
  const fromFile = fs.existsSync(envFile) && /^STUDIO_NOTIFY_EMAIL=\S/m.test(fs.readFileSync(envFile, 'utf8'));
  if (!fromFile) process.env.STUDIO_NOTIFY_EMAIL = 'studio@demo.localhost';
}
demoNotifyEmail();
const distDir = path.join(appDir, 'dist');
/** Where the demo keeps its login (`.tmp/demo-login.json`): the project, unless a test runs the demo elsewhere. */
const stateDir = process.env.DEMO_STATE_DIR || appDir;

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const { seedDemo } = require(path.join(distDir, 'src', 'demo', 'seed.js'));
  const { demoBaseUrl } = require(path.join(distDir, 'src', 'demo', 'base-url.js'));
  const app = await createStrapi({ appDir, distDir }).load();
  const base = demoBaseUrl({ publicUrl: process.env.PUBLIC_URL, host: app.config.get('server.host'), port: app.config.get('server.port') });
  // The links the seed prints and mails follow the banner, unless the plugin's own publicUrl is set.
  if (!app.config.get('plugin::client-gallery.share.publicUrl')) app.config.set('plugin::client-gallery.share.publicUrl', base);
  const info = await seedDemo(app, stateDir);
  // Strapi greets a database that has an admin with "Welcome back!", and the seed has just made
  // that admin: on a first run the banner below is the greeting, so Strapi's is left out.
  if (info.seededNow) app.config.set('server.logger.startup.enabled', false);
  await app.start();

  const lines = [
    '',
    '  Client Galleries demo is running',
    `  Admin:    ${base}/admin`,
    `  Login:    ${info.adminEmail}`,
    `  Password: ${info.adminPassword}`,
    `  Clients:  ${info.clients.join(', ')}; gallery "${info.gallery}"`,
    `  Plugin:   ${base}/admin/plugins/client-gallery`,
    info.generalLink ? `  General link (watermarked, anyone with it):   ${info.generalLink}` : null,
    info.privateLink ? `  Private link for ${info.privateEmail}: ${info.privateLink}` : null,
    `  Mail (invitations, downloads, and milestones to ${process.env.STUDIO_NOTIFY_EMAIL}) is written to ${process.env.OUTBOX_DIR || 'outbox/'} as .eml files`,
    info.seededNow ? '  (demo data seeded just now)' : '  (demo data was already there)',
    '',
  ];
  console.log(lines.filter((line) => line !== null).join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

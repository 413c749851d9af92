#!/usr/bin/env node
/**
 * `npm run demo`: boots the built app on the embedded defaults (SQLite, private local storage,
 * mail to ./outbox), seeds demo data once, and prints how to log in.
 */
const path = require('path');

process.env.STRAPI_TELEMETRY_DISABLED = 'true';
const appDir = path.resolve(__dirname, '..');
const distDir = path.join(appDir, 'dist');

async function main() {
  const { createStrapi } = require('@strapi/strapi');
  const { seedDemo } = require(path.join(distDir, 'src', 'demo', 'seed.js'));
  const app = await createStrapi({ appDir, distDir }).load();
  const info = await seedDemo(app, appDir);
  await app.start();

  const base = app.config.get('server.absoluteUrl') || `http://localhost:${app.config.get('server.port')}`;
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
    `  Mail (invitations, milestones, downloads) is written to ${process.env.OUTBOX_DIR || 'outbox/'} as .eml files`,
    info.seededNow ? '  (demo data seeded just now)' : '  (demo data was already there)',
    '',
  ];
  console.log(lines.filter((line) => line !== null).join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

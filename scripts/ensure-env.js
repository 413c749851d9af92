#!/usr/bin/env node
/**
 * A fresh clone has no .env and Strapi refuses to boot without its secrets.
 * Create one with random values on first run so that one command starts the
 * project. An existing .env is never touched.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const envPath = path.join(__dirname, '..', '.env');
if (fs.existsSync(envPath)) process.exit(0);

const secret = () => crypto.randomBytes(24).toString('base64');
const lines = [
  '# Generated on first run by scripts/ensure-env.js. Git-ignored; keep it private.',
  'HOST=0.0.0.0',
  'PORT=1337',
  `APP_KEYS=${[secret(), secret(), secret(), secret()].join(',')}`,
  `API_TOKEN_SALT=${secret()}`,
  `ADMIN_JWT_SECRET=${secret()}`,
  `TRANSFER_TOKEN_SALT=${secret()}`,
  `JWT_SECRET=${secret()}`,
  `ENCRYPTION_KEY=${secret()}`,
  `MEDIA_SIGNING_SECRET=${secret()}`,
  'STRAPI_TELEMETRY_DISABLED=true',
  '',
];
fs.writeFileSync(envPath, lines.join('\n'), { mode: 0o600 });
console.log('Created .env with fresh random secrets');

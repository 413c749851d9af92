#!/usr/bin/env node
/** Compile the app's TypeScript (src/, config/) to dist/ without building the admin panel. */
const path = require('path');

process.env.STRAPI_TELEMETRY_DISABLED = 'true';
require('@strapi/strapi')
  .compileStrapi({ appDir: path.resolve(__dirname, '..') })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });

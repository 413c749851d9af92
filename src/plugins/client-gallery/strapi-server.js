'use strict';
/*
 * Strapi skips a plugin whose server entry is missing without a word, and every admin route
 * then answers 404. Fail loudly instead when the TypeScript server was not built.
 */
const path = require('path');
const entry = path.join(__dirname, 'dist', 'server', 'src', 'index.js');
try {
  module.exports = require(entry);
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(entry)) {
    throw new Error('The client-gallery plugin server is not built: run `npm run build:plugin` (build, develop, demo and test do it for you).');
  }
  throw error;
}

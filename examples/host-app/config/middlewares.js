// Strapi's default stack with one change, the one the plugin's README recommends: its multipart
// gate before a strapi::body that parses no multipart. Uploads (Strapi's content-API and Media
// Library uploads, the plugin's ingest) are then parsed by their routes after authentication;
// a multipart body anywhere else is refused unread. The plugin's pages and /media route set
// their own headers.
//
// The host-settings check boots this app once as it was before the plugin (NODE_ENV
// without-client-gallery, where config/env/ turns the plugin off): its middlewares go with it.
const withoutPlugin = process.env.NODE_ENV === 'without-client-gallery';

module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'plugin::client-gallery.multipart-gate',
  { name: 'strapi::body', config: { multipart: false } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
].filter((entry) => !(withoutPlugin && typeof entry === 'string' && entry.startsWith('plugin::client-gallery.')));

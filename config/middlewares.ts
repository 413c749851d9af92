import { storageOrigins } from '../src/lib/storage-origins';

export default ({ env }) => [
  'strapi::logger',
  'strapi::errors',
  {
    name: 'strapi::security',
    config: {
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'connect-src': ["'self'", 'https:'],
          'img-src': ["'self'", 'data:', 'blob:', 'market-assets.strapi.io', ...storageOrigins(env)],
          'media-src': ["'self'", 'data:', 'blob:', ...storageOrigins(env)],
          upgradeInsecureRequests: null,
        },
      },
    },
  },
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  {
    name: 'strapi::body',
    config: {
      // Multipart files go to temp files (never held in memory); this caps one whole request.
      formidable: { maxFileSize: env.int('UPLOAD_MAX_REQUEST_SIZE', 1024 * 1024 * 1024) },
    },
  },
  // Portal account attempts counted in the database (needs the parsed body).
  'global::account-attempts',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

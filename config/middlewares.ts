/** The admin panel shows gallery photos from the signed /media route, or with S3 from its endpoint. */
function storageOrigins(env): string[] {
  if (env('UPLOAD_PROVIDER', 'private-local') !== 's3') return [];
  if (env('S3_ENDPOINT')) return [new URL(env('S3_ENDPOINT')).origin];
  const bucket = env('S3_BUCKET');
  const region = env('S3_REGION', 'us-east-1');
  return bucket ? [`https://${bucket}.s3.${region}.amazonaws.com`, `https://${bucket}.s3.amazonaws.com`] : [];
}

/**
 * Browsers may call the API cross-origin, with credentials, only from origins the studio named:
 * PUBLIC_URL and CORS_ORIGINS (comma-separated). Strapi's default reflects any origin, which
 * with cookies (the unlock cookie) would let any site act for a visitor.
 */
function corsOrigins(env): string[] {
  const listed = [env('PUBLIC_URL', ''), ...env.array('CORS_ORIGINS', [])].filter(Boolean);
  const origins = listed.map((value: string) => new URL(value).origin);
  return origins.length > 0 ? [...new Set(origins)] : [`http://localhost:${env.int('PORT', 1337)}`];
}

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
  { name: 'strapi::cors', config: { origin: corsOrigins(env), credentials: true } },
  'strapi::poweredBy',
  'strapi::query',
  // Multipart only on the routes that take files (Strapi's content-API and Media Library uploads,
  // the plugin's, uploads.multipartRoutes), parsed after authentication by their own route
  // middleware into a private temp folder removed when the request ends (Client Galleries'
  // gate answers 415 elsewhere); every other body is small.
  'plugin::client-gallery.multipart-gate',
  {
    name: 'strapi::body',
    config: { multipart: false, jsonLimit: env('BODY_LIMIT', '256kb'), formLimit: env('BODY_LIMIT', '256kb'), textLimit: env('BODY_LIMIT', '256kb') },
  },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  // Behind a TLS-terminating proxy: trust its X-Forwarded-Proto/-For, so cookies are Secure and
  // attempt counters see the client's address, not the proxy's. Off by default: without a proxy
  // in front, those headers come from the client and must not be believed.
  proxy: { koa: env.bool('TRUST_PROXY', false) },
  app: { keys: env.array('APP_KEYS') },
  // The client-gallery plugin adds its own tasks (packages, mails, counters) when cron runs.
  cron: { enabled: env.bool('CRON_ENABLED', true) },
});

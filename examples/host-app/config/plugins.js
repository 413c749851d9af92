const path = require('path');

/**
 * A bare Strapi app with Client Galleries installed: `npm install strapi-plugin-client-gallery`
 * (and the private upload provider), then this file. The plugin itself needs one entry, with no
 * config: every key has a default. The other two entries are the host's own choices:
 * - upload: keep photos private (outside public/), served only through signed, expiring /media URLs;
 * - email: any SMTP server (mails for private links, packages and milestones).
 */
module.exports = ({ env }) => ({
  'client-gallery': { enabled: true },

  upload: {
    config: {
      provider: 'strapi-provider-upload-private-local',
      providerOptions: {
        rootDir: path.resolve(__dirname, '..', env('UPLOAD_DIR', 'data/uploads')),
        signingSecret: env('MEDIA_SIGNING_SECRET'),
        urlPrefix: '/media',
        signedUrlExpires: 900,
      },
    },
  },

  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: {
        host: env('SMTP_HOST', '127.0.0.1'),
        port: env.int('SMTP_PORT', 25),
        secure: false,
        ignoreTLS: env.bool('SMTP_IGNORE_TLS', false),
        connectionTimeout: 10000,
        greetingTimeout: 10000,
      },
      settings: {
        defaultFrom: env('SMTP_FROM', 'Studio <no-reply@localhost>'),
        defaultReplyTo: env('SMTP_FROM', 'no-reply@localhost'),
      },
    },
  },
});

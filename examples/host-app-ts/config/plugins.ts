import path from 'path';
import type { Core } from '@strapi/strapi';

/**
 * examples/host-app's config/plugins.js in TypeScript: the plugin's one entry, and the host's own
 * choices of private upload provider and SMTP mail. Compiled to dist/config/, so paths are taken
 * from the project root, one level further up.
 */
export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'client-gallery': { enabled: true },

  upload: {
    config: {
      provider: 'strapi-provider-upload-private-local',
      providerOptions: {
        rootDir: path.resolve(__dirname, '..', '..', env('UPLOAD_DIR', 'data/uploads')),
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
      },
      settings: {
        defaultFrom: env('SMTP_FROM', 'Studio <no-reply@localhost>'),
        defaultReplyTo: env('SMTP_FROM', 'no-reply@localhost'),
      },
    },
  },
});

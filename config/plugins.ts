import fs from 'fs';
import path from 'path';
import crypto from 'crypto';

/**
 * Without SMTP_HOST (the demo, a fresh clone) mail is not sent anywhere: nodemailer writes each
 * message as an .eml file into OUTBOX_DIR (default ./outbox), where it can be opened in any mail
 * client. With SMTP_HOST set, the nodemailer provider talks SMTP.
 */
function outboxTransport(dir: string) {
  return {
    name: 'client-galleries-outbox',
    version: '1.0.0',
    send(mail: any, callback: (error: Error | null, info?: unknown) => void) {
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}.eml`);
      const out = fs.createWriteStream(file);
      out.on('error', callback);
      out.on('finish', () => callback(null, { envelope: mail.message.getEnvelope(), messageId: mail.message.messageId(), path: file }));
      mail.message.createReadStream().on('error', callback).pipe(out);
    },
  };
}

/** Project root, whether this file runs from config/ or from the compiled dist/config/. */
const appRoot = path.resolve(__dirname, '..', path.basename(path.resolve(__dirname, '..')) === 'dist' ? '..' : '.');

/**
 * Storage is private by default: gallery files never get a permanent public URL.
 * - UPLOAD_PROVIDER=private-local (default): files under UPLOAD_DIR (default <app>/data/uploads),
 *   served only through HMAC-signed, expiring /media URLs.
 * - UPLOAD_PROVIDER=s3: @strapi/provider-upload-aws-s3 with ACL private; Strapi presigns GETs.
 * Either way the provider is private, so Strapi signs media URLs in every Document Service result.
 */
function uploadProviderConfig(env) {
  const signedUrlExpires = Math.min(env.int('MEDIA_URL_TTL_SECONDS', 900), 900);
  if (env('UPLOAD_PROVIDER', 'private-local') === 's3') {
    return {
      provider: 'aws-s3',
      providerOptions: {
        rootPath: env('S3_ROOT_PATH') || undefined,
        s3Options: {
          endpoint: env('S3_ENDPOINT') || undefined,
          forcePathStyle: env.bool('S3_FORCE_PATH_STYLE', true),
          region: env('S3_REGION', 'us-east-1'),
          credentials: { accessKeyId: env('S3_ACCESS_KEY_ID'), secretAccessKey: env('S3_SECRET_ACCESS_KEY') },
          params: { Bucket: env('S3_BUCKET'), ACL: 'private', signedUrlExpires },
        },
      },
    };
  }
  const uploadDir = env('UPLOAD_DIR', path.join('data', 'uploads'));
  return {
    provider: 'strapi-provider-upload-private-local',
    providerOptions: {
      rootDir: path.resolve(appRoot, uploadDir),
      signingSecret: env('MEDIA_SIGNING_SECRET'),
      urlPrefix: '/media',
      signedUrlExpires,
    },
  };
}

export default ({ env }) => {
  const smtpHost = env('SMTP_HOST', '');
  const smtpPort = env.int('SMTP_PORT', 587);
  return {
    'client-gallery': {
      enabled: true,
      resolve: './src/plugins/client-gallery',
    },
    'users-permissions': {
      config: { jwtSecret: env('JWT_SECRET') },
    },
    upload: {
      config: {
        ...uploadProviderConfig(env),
        // One limit for Strapi's media library and our photo ingest (the body parser enforces it too).
        sizeLimit: env.int('UPLOAD_MAX_FILE_SIZE', 200 * 1024 * 1024),
      },
    },
    email: {
      config: {
        provider: 'nodemailer',
        providerOptions: smtpHost
          ? {
              host: smtpHost,
              port: smtpPort,
              secure: env.bool('SMTP_SECURE', smtpPort === 465),
              ignoreTLS: env.bool('SMTP_IGNORE_TLS', false),
              auth: env('SMTP_USERNAME', '') ? { user: env('SMTP_USERNAME'), pass: env('SMTP_PASSWORD', '') } : undefined,
              // Fail a dead server fast: an invitation then shows "failed" and can be retried.
              connectionTimeout: env.int('SMTP_TIMEOUT_MS', 10000),
              greetingTimeout: env.int('SMTP_TIMEOUT_MS', 10000),
              socketTimeout: env.int('SMTP_TIMEOUT_MS', 10000) * 3,
            }
          : outboxTransport(path.resolve(appRoot, env('OUTBOX_DIR', 'outbox'))),
        settings: {
          defaultFrom: env('SMTP_FROM', 'Client Galleries <no-reply@localhost>'),
          defaultReplyTo: env('SMTP_REPLY_TO', env('SMTP_FROM', 'no-reply@localhost')),
        },
      },
    },
  };
};

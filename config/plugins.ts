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

/**
 * Client Galleries, configured from the environment (the plugin itself reads no env: every key
 * and its default is in its config, see README "Add Client Galleries to your Strapi app").
 */
function clientGalleryConfig(env) {
  return {
    share: {
      signingSecret: env('SHARE_SIGNING_SECRET', ''),
      unlockMaxAttempts: env.int('SHARE_UNLOCK_MAX_ATTEMPTS', 5),
      unlockMaxAttemptsPerLink: env.int('SHARE_UNLOCK_MAX_ATTEMPTS_PER_LINK', 50),
      unlockWindowMinutes: env.int('SHARE_UNLOCK_WINDOW_MINUTES', 15),
      notifyPasswordFailuresAfter: env.int('SHARE_NOTIFY_PASSWORD_FAILURES_AFTER', 5),
      unlockTtlHours: env.int('SHARE_UNLOCK_TTL_HOURS', 12),
      accountAttemptsPerAddress: env.int('PORTAL_AUTH_ATTEMPTS_PER_ADDRESS', 30),
      accountLoginAttempts: env.int('PORTAL_LOGIN_ATTEMPTS', 10),
      portalOpenTtlMinutes: env.int('PORTAL_OPEN_TTL_MINUTES', 720),
      claimAccessTtlHours: env.int('SHARE_CLAIM_ACCESS_TTL_HOURS', 168),
      claimsPerAddress: env.int('SHARE_CLAIMS_PER_ADDRESS', 30),
      claimsPerLink: env.int('SHARE_CLAIMS_PER_LINK', 300),
      claimMailsPerWindow: env.int('SHARE_CLAIM_MAILS_PER_WINDOW', 3),
      claimVerification: env.bool('SHARE_CLAIM_VERIFICATION', false),
      directStorageUrls: { enabled: env.bool('S3_DIRECT_VISITOR_URLS', false), ttlSeconds: env.int('S3_DIRECT_VISITOR_URL_TTL_SECONDS', 60) },
      signInTtlMinutes: env.int('SHARE_SIGN_IN_TTL_MINUTES', 15),
      signInMailsPerWindow: env.int('SHARE_SIGN_IN_MAILS_PER_WINDOW', 3),
      studioName: env('STUDIO_NAME', 'Your studio'),
      notifyEmail: env('STUDIO_NOTIFY_EMAIL', ''),
      publicUrl: env('PUBLIC_URL', ''),
    },
    photos: {
      concurrency: env.int('PHOTO_CONCURRENCY', 2),
      maxPixels: env.int('PHOTO_MAX_PIXELS', 150_000_000),
      watermark: {
        mode: 'text',
        text: env('WATERMARK_TEXT', 'PROOF'),
        position: env('WATERMARK_POSITION', 'tiled'),
        opacity: env.float('WATERMARK_OPACITY', 0.3),
        scale: env.float('WATERMARK_SCALE', 0.25),
      },
    },
    downloads: {
      packageTtlHours: env.int('PACKAGE_TTL_HOURS', 72),
      preparationStaleMinutes: env.float('PACKAGE_PREPARATION_STALE_MINUTES', 10),
      prepareAhead: env.bool('DOWNLOADS_PREPARE_AHEAD', false),
    },
    mail: {
      maxAttempts: env.int('MAIL_MAX_ATTEMPTS', 8),
      retryBaseSeconds: env.float('MAIL_RETRY_BASE_SECONDS', 30),
      retryMaxSeconds: env.float('MAIL_RETRY_MAX_SECONDS', 3600),
      leaseSeconds: env.float('MAIL_LEASE_SECONDS', 120),
    },
    cron: { enabled: env.bool('CRON_ENABLED', true) },
    visitorWrites: {
      windowMinutes: env.int('VISITOR_WRITE_WINDOW_MINUTES', 60),
      commentsPerLink: env.int('VISITOR_COMMENTS_PER_LINK', 120),
      commentsPerThread: env.int('VISITOR_COMMENTS_PER_THREAD', 30),
      marksPerLink: env.int('VISITOR_MARKS_PER_LINK', 5000),
      packagesPerLink: env.int('VISITOR_PACKAGES_PER_LINK', 30),
    },
    sweeper: {
      orphanAgeSeconds: env.int('SWEEP_ORPHAN_AGE_SECONDS', 3600),
      tempFolderStaleSeconds: env.int('SWEEP_TEMP_FOLDER_STALE_SECONDS', 24 * 3600),
      periodSeconds: env.int('SWEEP_PERIOD_SECONDS', 3600),
    },
    uploads: {
      maxRequestBytes: env.int('UPLOAD_MAX_REQUEST_SIZE', 1024 * 1024 * 1024),
      maxFiles: env.int('UPLOAD_MAX_FILES', 1000),
      multipartRoutes: env.array('UPLOAD_MULTIPART_ROUTES', []),
    },
    // The demo's practice records: their photos show in the client's gallery.
    recordSources: [
      { uid: 'api::client-note.client-note', kind: 'client-note', label: 'client note', dateField: 'notedAt' },
      { uid: 'api::form.form', kind: 'form', label: 'form', dateField: 'createdAt' },
      { uid: 'api::appointment.appointment', kind: 'appointment', label: 'appointment', dateField: 'startsAt' },
    ],
    // A studio app: portal accounts must confirm their email, and the Media Library keeps
    // originals byte for byte (see README). A host that installs the plugin decides these itself.
    hostSettings: {
      portalEmailConfirmation: env.bool('PORTAL_EMAIL_CONFIRMATION', true),
      portalPasswordReset: true,
      studioMediaLibrary: true,
    },
  };
}

export default ({ env }) => {
  const smtpHost = env('SMTP_HOST', '');
  const smtpPort = env.int('SMTP_PORT', 587);
  return {
    // The demo is the plugin's first host: installed from the workspace like any npm package.
    'client-gallery': {
      enabled: true,
      config: clientGalleryConfig(env),
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

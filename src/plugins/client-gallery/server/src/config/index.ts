import type { Core } from '@strapi/strapi';
import { z } from '@strapi/utils';
import { PLUGIN_ID } from '../../../shared/permissions';
import { isWrittenRoute } from '../lib/file-routes';
import { RESOLUTIONS } from '../../../shared/public-api';

/**
 * The plugin's configuration: `config/plugins.ts` of the host → `'client-gallery': { config }`.
 * Every key has a default, so `{ enabled: true }` is a working install. The validator refuses a
 * bad value at boot with the key's path, instead of failing on the first request that reads it.
 * Values are read per request (pluginConfig), never cached, so every server process agrees.
 */
const positiveInt = z.number().int().positive();

/** Kinds of gallery photo the plugin makes itself; a record source cannot take them. */
export const RESERVED_KINDS = ['upload', 'comparison'];

/** A host content type whose media field carries photos that belong in a client's gallery. */
const recordSource = z
  .object({
    /** The host's content type, e.g. `api::client-note.client-note`. */
    uid: z.string().regex(/^(api|plugin)::[a-z0-9-]+\.[a-z0-9-]+$/, 'a content-type UID such as api::client-note.client-note'),
    /** The gallery-image `source` of its photos. */
    kind: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes')
      .refine((kind) => !RESERVED_KINDS.includes(kind), 'upload and comparison are built-in kinds'),
    /** The word staff see ("Note"); defaults to the kind. */
    label: z.string().min(1).max(60).optional(),
    /** Its media field (multiple images). */
    photosField: z.string().min(1).default('photos'),
    /** Its manyToOne relation to plugin::client-gallery.client. */
    clientField: z.string().min(1).default('client'),
    /** A date or datetime field dating photos that carry no EXIF capture date. */
    dateField: z.string().min(1).default('createdAt'),
  })
  .strict();

/** A new link's starting settings; the settings page saves the same shape (validation/studio.ts). */
export const linkDefaultsSchema = z
  .object({
    watermark: z.boolean(),
    downloadsEnabled: z.boolean(),
    resolutions: z.array(z.enum(RESOLUTIONS)).min(1).max(3),
    downloadLimit: z.number().int().min(0).max(100000).nullable(),
    expiryDays: z.number().int().min(1).max(3650).nullable(),
  })
  .strict();

export const configSchema = z
  .object({
    share: z
      .object({
        /** Signs unlock tokens and portal/claim access tokens; empty = a key derived from APP_KEYS. Same on every instance. */
        signingSecret: z.string(),
        /** Failed unlocks allowed per link and client address per window before 429. */
        unlockMaxAttempts: positiveInt,
        /** Failed unlocks allowed per link from all addresses together per window (slows distributed guessing). */
        unlockMaxAttemptsPerLink: positiveInt,
        unlockWindowMinutes: positiveInt,
        /** The studio is told (milestone + email) once a link collects this many failures in one window. */
        notifyPasswordFailuresAfter: positiveInt,
        /** How long an unlock (cookie or bearer) lasts. */
        unlockTtlHours: positiveInt,
        /** Accounts (portal and admin): auth requests (log in, register, password reset) per client address per window. */
        accountAttemptsPerAddress: positiveInt,
        /** Accounts: failed log-ins per account (from all addresses) per window; a success clears it. */
        accountLoginAttempts: positiveInt,
        /** How long a portal "open" access token lasts. */
        portalOpenTtlMinutes: positiveInt,
        /** How long the access link mailed on a repeated claim lasts. */
        claimAccessTtlHours: positiveInt,
        /** Claims per general link per window: from one address, and from all together (a claim sends a mail). */
        claimsPerAddress: positiveInt,
        claimsPerLink: positiveInt,
        /** At most this many access mails per private link per window from repeated claims. */
        claimMailsPerWindow: positiveInt,
        /**
         * A claim's private link is mailed, never handed to the browser: only the inbox owner gets in.
         * Off: one step (the browser continues at once), with the same answer whether or not the
         * address already had a link, so a claim tells nobody who the recipients are.
         */
        claimVerification: z.boolean(),
        /**
         * Opt-in, S3 only: visitors get presigned bucket URLs for thumbs and previews instead of the
         * checked /media route. Faster (the bucket or its CDN serves them), but a presigned URL cannot
         * be recalled: after a revoke it works until it expires, so its life is capped at 60 s.
         */
        directStorageUrls: z.object({ enabled: z.boolean(), ttlSeconds: z.number().int().min(5).max(60) }).strict(),
        /** How long a mailed one-time sign-in link (a private link's recipient getting past a locked password) works. */
        signInTtlMinutes: z.number().int().min(1).max(24 * 60),
        /** At most this many sign-in mails per private link per unlock window. */
        signInMailsPerWindow: positiveInt,
        studioName: z.string().min(1).max(120),
        /** Where milestone notifications go; none are mailed when empty (they are still stored). */
        notifyEmail: z.union([z.literal(''), z.string().email()]),
        /** Base of links in emails (`<publicUrl>/g/<token>`); empty = the server's absolute URL. */
        publicUrl: z.union([z.literal(''), z.string().url()]),
        /** What a new share link starts with when its request names nothing else (the studio may save its own on the settings page). */
        linkDefaults: linkDefaultsSchema,
      })
      .strict(),
    photos: z
      .object({
        /** sharp decodes at once across all requests (each uses one core). */
        concurrency: z.number().int().min(1).max(64),
        /** Decompression-bomb guard: sources with more pixels are refused. */
        maxPixels: z.number().int().min(1_000_000),
        /** The studio watermark, where a gallery has no design of its own. */
        watermark: z
          .object({
            mode: z.enum(['text', 'logo']),
            text: z.string().max(80),
            position: z.enum(['center', 'top-left', 'top-right', 'bottom-left', 'bottom-right', 'tiled']),
            opacity: z.number().min(0.05).max(1),
            scale: z.number().min(0.05).max(1),
          })
          .strict(),
      })
      .strict(),
    downloads: z
      .object({
        /** How long a package's emailed link works. */
        packageTtlHours: positiveInt,
        /** A preparation whose lease was not renewed for this long is taken over by another instance (renewed every third of it). */
        preparationStaleMinutes: z.number().positive().max(24 * 60),
        /** When a gallery becomes ready, make the files its links may download before anyone asks (a background job). */
        prepareAhead: z.boolean(),
      })
      .strict(),
    /** Proofing: deadline reminders and the studio's comment digest. */
    proofing: z
      .object({
        /** Reminder mails to private recipients who have not confirmed, this many days before the deadline (each once per link). */
        reminderDays: z.array(z.number().int().min(1).max(60)).max(5),
        /** New client comments are mailed to the studio as one digest at most this often (30 comments are not 30 mails). */
        commentDigestMinutes: z.number().int().min(1).max(24 * 60),
      })
      .strict(),
    /** The outbox (services/mail/mail-outbox.ts): every mail is a row, delivered by a leased sender with backoff. */
    mail: z
      .object({
        /** Tries before a mail is marked failed (the studio sees it in the admin and can send it again). */
        maxAttempts: z.number().int().min(1).max(50),
        /** The wait after the first failed try; it doubles after each further failure, up to retryMaxSeconds. */
        retryBaseSeconds: z.number().min(0.1).max(3600),
        retryMaxSeconds: z.number().min(1).max(24 * 3600),
        /** How long a sender holds a mail it is sending before another process may take it (more than the SMTP timeouts). */
        leaseSeconds: z.number().min(5).max(3600),
      })
      .strict(),
    /** Where the studio's REST routes live: `/api<prefix>/galleries`. Empty keeps the documented paths. */
    rest: z.object({ prefix: z.string().regex(/^(\/[a-z0-9-]+)*$/, 'empty, or like /client-gallery') }).strict(),
    /** The plugin's scheduled tasks (each claims its rows in the database, so several instances are safe). */
    cron: z.object({ enabled: z.boolean() }).strict(),
    /** The leftover sweeper (services/background/leftover-sweeper.ts): what a killed process left behind is removed once it is this old. */
    sweeper: z
      .object({
        /** A stored file no row names, or a provider's `.part` file, older than this is removed (an upload in flight is younger). */
        orphanAgeSeconds: z.number().int().min(1),
        /** A temp folder of this plugin whose process cannot be checked (another host, a reused pid) is removed past this age. */
        tempFolderStaleSeconds: z.number().int().min(1),
        /** One sweep per this period across all instances (a database lease). */
        periodSeconds: z.number().int().min(1),
      })
      .strict(),
    /** Host record types whose photos show in the client's gallery: one registry for record photos, staff visibility and merges. */
    recordSources: z.array(recordSource).max(20),
    /** Opt-ins that change settings of other plugins. Off by default: installing changes nothing of the host silently. */
    hostSettings: z
      .object({
        /** users-permissions: require email confirmation (the portal trusts only confirmed emails). */
        portalEmailConfirmation: z.boolean(),
        /** users-permissions: password-reset mails link to the portal's reset page (/portal/reset-password), when no link is set. */
        portalPasswordReset: z.boolean(),
        /** Media Library: keep originals byte for byte (no size optimisation, no auto-orientation, no AI captions). */
        studioMediaLibrary: z.boolean(),
      })
      .strict(),
    /**
     * What one link's visitors may write per window, counted in the database across processes
     * (lib/visitor-limits.ts); past a cap the write answers 429 with Retry-After.
     */
    visitorWrites: z
      .object({
        windowMinutes: z.number().int().min(1).max(24 * 60),
        /** Comments per link, all threads together. */
        commentsPerLink: positiveInt,
        /** Comments per thread (one photo's, or the gallery's) of a link. */
        commentsPerThread: positiveInt,
        /** Favourites, selection, review marks and download-list changes per link (each is one cheap row). */
        marksPerLink: positiveInt,
        /** Package orders per link (each prepares a zip). */
        packagesPerLink: positiveInt,
      })
      .strict(),
    /** Count log-in attempts (portal accounts, admin staff) in the database, per address and per account. */
    accountAttempts: z.object({ portal: z.boolean(), admin: z.boolean() }).strict(),
    /**
     * Multipart bodies (middlewares/multipart-gate.ts + multipart.ts): parsed only on the routes that take
     * files, after authentication, into a private temp folder removed when the request ends.
     */
    uploads: z
      .object({
        /** All files of one request together. */
        maxRequestBytes: z.number().int().min(1024),
        maxFiles: z.number().int().min(1).max(10_000),
        /**
         * The host's own routes that take files, as "POST /api/my-uploads" (`:param` for a segment);
         * Strapi's uploads and the plugin's take them without being named (lib/file-routes.ts).
         */
        multipartRoutes: z.array(z.string().refine(isWrittenRoute, 'like "POST /api/my-uploads"')).max(100),
      })
      .strict(),
  })
  .strict();

export type PluginConfig = z.infer<typeof configSchema>;
export type RecordSource = PluginConfig['recordSources'][number];

export const DEFAULT_CONFIG: PluginConfig = {
  share: {
    signingSecret: '',
    unlockMaxAttempts: 5,
    unlockMaxAttemptsPerLink: 50,
    unlockWindowMinutes: 15,
    notifyPasswordFailuresAfter: 5,
    unlockTtlHours: 12,
    accountAttemptsPerAddress: 30,
    accountLoginAttempts: 10,
    portalOpenTtlMinutes: 720,
    claimAccessTtlHours: 168,
    claimsPerAddress: 30,
    claimsPerLink: 300,
    claimMailsPerWindow: 3,
    claimVerification: false,
    directStorageUrls: { enabled: false, ttlSeconds: 60 },
    signInTtlMinutes: 15,
    signInMailsPerWindow: 3,
    studioName: 'Your studio',
    notifyEmail: '',
    publicUrl: '',
    // As the share-link content type's own defaults: a watermarked view, no downloads, web size.
    linkDefaults: { watermark: true, downloadsEnabled: false, resolutions: ['web'], downloadLimit: null, expiryDays: null },
  },
  photos: {
    concurrency: 2,
    maxPixels: 150_000_000,
    watermark: { mode: 'text', text: 'PROOF', position: 'tiled', opacity: 0.3, scale: 0.25 },
  },
  downloads: { packageTtlHours: 72, preparationStaleMinutes: 10, prepareAhead: false },
  proofing: { reminderDays: [3, 1], commentDigestMinutes: 10 },
  mail: { maxAttempts: 8, retryBaseSeconds: 30, retryMaxSeconds: 3600, leaseSeconds: 120 },
  rest: { prefix: '' },
  cron: { enabled: true },
  sweeper: { orphanAgeSeconds: 3600, tempFolderStaleSeconds: 24 * 3600, periodSeconds: 3600 },
  recordSources: [],
  hostSettings: { portalEmailConfirmation: false, portalPasswordReset: false, studioMediaLibrary: false },
  visitorWrites: { windowMinutes: 60, commentsPerLink: 120, commentsPerThread: 30, marksPerLink: 5000, packagesPerLink: 30 },
  accountAttempts: { portal: true, admin: true },
  uploads: { maxRequestBytes: 1024 * 1024 * 1024, maxFiles: 1000, multipartRoutes: [] },
};

/** Why a config is refused, one line per bad key (`share.unlockTtlHours: …`); empty when it is good. */
export function configProblems(config: unknown): string[] {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) return parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const problems: string[] = [];
  const kinds = parsed.data.recordSources.map((source) => source.kind);
  const uids = parsed.data.recordSources.map((source) => source.uid);
  if (new Set(kinds).size !== kinds.length) problems.push('recordSources: each kind must be unique');
  if (new Set(uids).size !== uids.length) problems.push('recordSources: each uid must be listed once');
  return problems;
}

export default {
  default: DEFAULT_CONFIG,
  validator(config: unknown) {
    const problems = configProblems(config);
    if (problems.length > 0) throw new Error(`${PLUGIN_ID} config is invalid:\n  - ${problems.join('\n  - ')}`);
  },
};

/** The plugin's resolved config (defaults merged with the host's), read fresh on every call. */
export function pluginConfig(strapi: Core.Strapi): PluginConfig {
  return strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;
}

const NO_SOURCES: readonly unknown[] = Object.freeze([]);
/** Parsed once per configured list: the admin's Photos tab asks once per photo (zod was 6% of a page). */
const parsedSources = new WeakMap<object, RecordSource[]>();

/**
 * The record sources with their defaults filled in (photosField, clientField, dateField). A new
 * list set with strapi.config.set is parsed anew; callers must not change the returned list.
 */
export function recordSources(strapi: Core.Strapi): RecordSource[] {
  const configured = (pluginConfig(strapi).recordSources ?? NO_SOURCES) as object;
  let parsed = parsedSources.get(configured);
  if (!parsed) {
    parsed = configSchema.shape.recordSources.parse(configured);
    parsedSources.set(configured, parsed);
  }
  return parsed;
}

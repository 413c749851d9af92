import type { PluginConfig } from '../config';
import type { WatermarkPosition } from './watermark-layout';
import type { MailText, MailTexts } from '../../../shared/mail-texts';
import type { Resolution } from '../../../shared/public-api';
import { BRAND_ASSET_PREFIX } from '../../../shared/brand';

/**
 * Studio-wide settings: what the studio itself would change on a settings page. The file config
 * (server/src/config) gives the defaults; what the studio saved (the plugin store) wins key by
 * key. Pure, so the merge and a save's changes are table tests; services/studio/studio-settings.ts
 * does the reading, caching and writing.
 */

/** The studio watermark, where a gallery has no design of its own (a text mark). */
export interface StudioWatermark {
  text: string;
  position: WatermarkPosition;
  opacity: number;
  scale: number;
}

/** What a new share link starts with where the studio's request names nothing else. */
export interface StudioLinkDefaults {
  watermark: boolean;
  downloadsEnabled: boolean;
  resolutions: Resolution[];
  /** Downloads per link; null: no limit. */
  downloadLimit: number | null;
  /** A new link expires this many days after it is made; null: never. */
  expiryDays: number | null;
}

export interface StudioSettings {
  /** In every mail (subject, signature, the From name) and as the author of the studio's replies. */
  name: string;
  /** Where studio notifications (milestones, comment digests, deadlines) are mailed; '' mails none. */
  notifyEmail: string;
  /** Where clients' answers to a mail go; '' leaves the email plugin's defaultReplyTo. */
  replyTo: string;
  /** The base of every link in mails and pages, without a trailing slash: the configured public URL, else the server's. */
  publicUrl: string;
  watermark: StudioWatermark;
  /** The studio's colour on client pages and in mails: '#rrggbb'. */
  accentColor: string;
  /** The studio's logo as served by the plugin (an absolute URL under publicUrl), '' when there is none. */
  logoUrl: string;
  /** The stored logo's file name (`<digest>.png`), '' when there is none: the storage key's last part. */
  logo: string;
  linkDefaults: StudioLinkDefaults;
  /** "N days left" reminders for galleries without a schedule of their own. */
  reminderDays: number[];
  /** How long new client comments collect before one digest goes to notifyEmail. */
  commentDigestMinutes: number;
  /** The studio's wording (subject, intro) of each mail kind; a kind or key not here uses the template's. */
  mailTexts: MailTexts;
}

/**
 * What the studio saved: only the keys it changed. `publicUrl` is the configured value here ('' =
 * the server's URL); studio() resolves it. A watermark holds only the parts that were changed.
 */
export interface StoredStudioSettings {
  name?: string;
  notifyEmail?: string;
  replyTo?: string;
  publicUrl?: string;
  watermark?: Partial<StudioWatermark>;
  accentColor?: string;
  /** The logo's file name as stored under LOGO_FOLDER (set by the logo upload only, never by a settings save). */
  logo?: string;
  linkDefaults?: Partial<StudioLinkDefaults>;
  reminderDays?: number[];
  commentDigestMinutes?: number;
  mailTexts?: MailTexts;
}

/** One kind's wording in a save: a key set, or null for the template's default. */
export type MailTextChange = { [K in keyof MailText]?: MailText[K] | null };

/** Where the logo lives in the plugin's private storage: `brand/<digest>.<ext>`. */
export const LOGO_FOLDER = 'brand';

/** Keys whose saved value is an object merged part by part over the file config's. */
const PARTIAL_KEYS = new Set(['watermark', 'linkDefaults']);

/** A save: a value sets a key, null puts it back to the file config's default. */
export type StudioSettingsChanges = {
  [K in Exclude<keyof StoredStudioSettings, 'mailTexts'>]?: StoredStudioSettings[K] | null;
} & {
  /** Per kind: its changed keys, or null for all of its defaults; null for every kind's. */
  mailTexts?: Partial<Record<keyof MailTexts, MailTextChange | null>> | null;
};

/** The accent of the client pages' own palette, where the studio chose none. */
export const DEFAULT_ACCENT_COLOR = '#d8c3a0';

/** The base of links: the configured public URL, else the server's absolute URL, else the dev default; no trailing slash. */
export function linkBase(configured: string | undefined, serverUrl: string | undefined): string {
  return (configured || serverUrl || 'http://localhost:1337').replace(/\/+$/, '');
}

/** The studio's settings: each saved key over the file config's value. */
export function mergeStudioSettings(config: PluginConfig, stored: StoredStudioSettings, serverUrl?: string): StudioSettings {
  const { text, position, opacity, scale } = config.photos.watermark;
  const publicUrl = linkBase(stored.publicUrl ?? config.share.publicUrl, serverUrl);
  return {
    name: stored.name ?? config.share.studioName,
    notifyEmail: stored.notifyEmail ?? config.share.notifyEmail,
    replyTo: stored.replyTo ?? '',
    publicUrl,
    watermark: { text, position, opacity, scale, ...stored.watermark },
    accentColor: stored.accentColor ?? DEFAULT_ACCENT_COLOR,
    logoUrl: stored.logo ? `${publicUrl}${BRAND_ASSET_PREFIX}${stored.logo}` : '',
    logo: stored.logo ?? '',
    linkDefaults: { ...config.share.linkDefaults, ...stored.linkDefaults },
    reminderDays: stored.reminderDays ?? config.proofing.reminderDays,
    commentDigestMinutes: stored.commentDigestMinutes ?? config.proofing.commentDigestMinutes,
    mailTexts: stored.mailTexts ?? {},
  };
}

/** The stored settings after a save's (already validated) changes: null removes a key; watermark and link-default parts merge. */
export function applyStudioChanges(stored: StoredStudioSettings, changes: StudioSettingsChanges): StoredStudioSettings {
  const next: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    if (value === null) delete next[key];
    else if (key === 'mailTexts') {
      const texts = applyMailTextChanges(stored.mailTexts ?? {}, value as NonNullable<StudioSettingsChanges['mailTexts']>);
      if (Object.keys(texts).length === 0) delete next.mailTexts;
      else next.mailTexts = texts;
    } else if (PARTIAL_KEYS.has(key)) next[key] = { ...(stored[key as 'watermark' | 'linkDefaults'] as object | undefined), ...(value as object) };
    else next[key] = value;
  }
  return next as StoredStudioSettings;
}

/** Mail wording after a save: each kind's keys merge, null puts a key (or a whole kind) back to the default, and an emptied kind goes. */
export function applyMailTextChanges(stored: MailTexts, changes: NonNullable<StudioSettingsChanges['mailTexts']>): MailTexts {
  const next: Record<string, MailText> = { ...stored };
  for (const [kind, change] of Object.entries(changes)) {
    if (change === undefined) continue;
    const text: Record<string, string> = change === null ? {} : { ...next[kind] };
    for (const [key, value] of Object.entries(change ?? {})) {
      if (value === null) delete text[key];
      else if (value !== undefined) text[key] = value;
    }
    if (Object.keys(text).length === 0) delete next[kind];
    else next[kind] = text;
  }
  return next as MailTexts;
}

/**
 * A new link's settings: what the request named, else the studio's link defaults. `now` fixes the
 * expiry of "N days" (end of that day is not assumed: N × 24 h from the making).
 */
export function withLinkDefaults<T extends { watermark?: boolean; downloadsEnabled?: boolean; resolutions?: string[]; downloadLimit?: number | null; expiresAt?: string | null }>(
  input: T,
  defaults: StudioLinkDefaults,
  now: Date,
): T {
  return {
    ...input,
    watermark: input.watermark ?? defaults.watermark,
    downloadsEnabled: input.downloadsEnabled ?? defaults.downloadsEnabled,
    resolutions: input.resolutions ?? [...defaults.resolutions],
    downloadLimit: input.downloadLimit !== undefined ? input.downloadLimit : defaults.downloadLimit,
    expiresAt: input.expiresAt !== undefined ? input.expiresAt : defaults.expiryDays === null ? null : new Date(now.getTime() + defaults.expiryDays * 86_400_000).toISOString(),
  };
}

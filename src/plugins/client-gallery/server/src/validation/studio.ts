import { errors, z } from '@strapi/utils';
import { configSchema } from '../config';
import type { StoredStudioSettings, StudioSettingsChanges } from '../lib/studio-settings';

/**
 * Studio-wide settings as the studio saves them (services/studio/studio-settings.ts save()). Each
 * key takes the rule of the file config key it stands in for, so a value the boot would refuse
 * cannot be saved either.
 */
const share = configSchema.shape.share.shape;

const STUDIO_FIELDS = {
  name: share.studioName,
  notifyEmail: share.notifyEmail,
  replyTo: z.union([z.literal(''), z.string().email().max(254)]),
  publicUrl: share.publicUrl,
  // A text mark: a logo needs an uploaded file, which a gallery's own design can name.
  watermark: configSchema.shape.photos.shape.watermark.omit({ mode: true }).partial().strict(),
  reminderDays: configSchema.shape.proofing.shape.reminderDays,
  commentDigestMinutes: configSchema.shape.proofing.shape.commentDigestMinutes,
};

type Field = keyof typeof STUDIO_FIELDS;
const FIELDS = Object.keys(STUDIO_FIELDS) as Field[];

/** null: back to the file config's value. */
const resettable = <T extends z.ZodType>(field: T) => field.nullable().optional();
const changesSchema = z
  .object({
    name: resettable(STUDIO_FIELDS.name),
    notifyEmail: resettable(STUDIO_FIELDS.notifyEmail),
    replyTo: resettable(STUDIO_FIELDS.replyTo),
    publicUrl: resettable(STUDIO_FIELDS.publicUrl),
    watermark: resettable(STUDIO_FIELDS.watermark),
    reminderDays: resettable(STUDIO_FIELDS.reminderDays),
    commentDigestMinutes: resettable(STUDIO_FIELDS.commentDigestMinutes),
  })
  .strict();

const issueLine = (issue: { path: PropertyKey[]; message: string }) => `${issue.path.map(String).join('.') || '(settings)'}: ${issue.message}`;

/**
 * A save's changes, checked: a value per key, or null for "back to the default". A bad value
 * throws a ValidationError (400) whose message names every bad key (`notifyEmail: Invalid email`).
 */
export function validateStudioSettingsChanges(input: unknown): StudioSettingsChanges {
  const parsed = changesSchema.safeParse(input);
  if (parsed.success) return parsed.data as StudioSettingsChanges;
  throw new errors.ValidationError(parsed.error.issues.map(issueLine).join('; '), {
    errors: parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message, name: 'ValidationError' })),
  });
}

/**
 * What the store holds, read leniently: a key another version or a hand edit left invalid is
 * dropped (its default applies) and named in `problems`, so one bad key never hides the rest.
 */
export function readStoredStudioSettings(raw: unknown): { settings: StoredStudioSettings; problems: string[] } {
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  if (raw === null || raw === undefined) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { settings, problems: ['(settings): not an object'] };
  for (const [key, value] of Object.entries(raw)) {
    if (!FIELDS.includes(key as Field)) {
      problems.push(`${key}: not a studio setting`);
      continue;
    }
    const parsed = STUDIO_FIELDS[key as Field].safeParse(value);
    if (parsed.success) settings[key] = parsed.data;
    else problems.push(...parsed.error.issues.map((issue) => issueLine({ ...issue, path: [key, ...issue.path] })));
  }
  return { settings: settings as StoredStudioSettings, problems };
}

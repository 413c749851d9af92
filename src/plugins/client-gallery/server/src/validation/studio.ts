import { errors, validateZodSchema, z } from '@strapi/utils';
import { GALLERY_STATUSES } from '../../../shared/public-api';
import { reminderDaysProblem } from '../lib/deadline';
import { configSchema, linkDefaultsSchema } from '../config';
import { HEX_COLOUR, LOGO_FILE_NAME } from '../../../shared/brand';
import type { StoredStudioSettings, StudioSettingsChanges } from '../lib/studio-settings';
import { MAIL_INTRO_MAX, MAIL_SUBJECT_MAX, MAIL_TEMPLATE_KINDS, type MailTemplateKind } from '../../../shared/mail-texts';
import { placeholdersOf } from '../mail-templates/catalogue';
import { unknownPlaceholders } from '../mail-templates/placeholders';

/**
 * What the studio's records may hold, whoever writes them: the admin routes (validation/admin.ts
 * builds their bodies from these fields), the REST routes, the Content Manager and any other
 * plugin's code (hooks/domain-rules.ts checks every Document Service write with the functions
 * below). Studio-wide settings, once a page edits them, take their shape here too.
 */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** A gallery's details as the studio's routes name them (`status` is stored as `stage`, see services/gallery.ts). */
export const GALLERY_DETAILS = {
  title: z.string().trim().min(1).max(200),
  status: z.enum(GALLERY_STATUSES),
  shootDate: day.nullable(),
  deadline: day.nullable(),
  welcomeNote: z.string().max(5000).nullable(),
  // Proofing options: selection with its bounds, comments, advanced review, filters.
  selectionAllowed: z.boolean(),
  selectionMin: z.number().int().min(0).max(100000).nullable(),
  selectionMax: z.number().int().min(1).max(100000).nullable(),
  commentsAllowed: z.boolean(),
  reviewEnabled: z.boolean(),
  filtersEnabled: z.boolean(),
  // Deadline reminders: on/off, and the gallery's own day counts (null: the plugin's proofing.reminderDays).
  remindersEnabled: z.boolean(),
  // Any shape is judged by reminderDaysProblem, so every writer gets its message ("reminderDays must be …").
  reminderDays: z
    .unknown()
    .superRefine((days, ctx) => {
      const problem = reminderDaysProblem(days);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    })
    .transform((days) => (Array.isArray(days) ? [...(days as number[])].sort((a, b) => b - a) : null)),
};

/** Spread into `.refine(...)`: a selection's lower bound is not above its upper one. */
export const selectionBoundsInOrder: [
  (body: { selectionMin?: number | null; selectionMax?: number | null }) => boolean,
  { message: string; path: string[] },
] = [
  (body) => body.selectionMin == null || body.selectionMax == null || body.selectionMin <= body.selectionMax,
  { message: 'selectionMin cannot be above selectionMax', path: ['selectionMin'] },
];

const storedGalleryDetails = validateZodSchema(z.object(GALLERY_DETAILS).partial().refine(...selectionBoundsInOrder));

/**
 * The same rules for a gallery written by any other door (the Content Manager, the REST routes,
 * a service): the detail fields present in `data` (stored names: `stage` for status) are checked
 * as the studio's PUT checks them, and come back normalised (titles trimmed, reminder days sorted).
 * Fields not in `data` are left alone.
 */
export function checkStoredGalleryDetails(data: Record<string, unknown>): Record<string, unknown> {
  const named = Object.keys(GALLERY_DETAILS).filter((key) => key !== 'status' && key in data && data[key] !== undefined);
  const given: Record<string, unknown> = Object.fromEntries(named.map((key) => [key, data[key]]));
  if ('stage' in data && data.stage !== undefined) given.status = data.stage;
  if (Object.keys(given).length === 0) return data;
  const { status, ...checked } = storedGalleryDetails(given) as Record<string, unknown>;
  return { ...data, ...checked, ...(status === undefined ? {} : { stage: status }) };
}

/** A client's details as the studio's routes take them; every other writer meets the same rules (checkStoredClientDetails). */
export const CLIENT_DETAILS = {
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().email().max(254).nullable(),
  phone: z.string().trim().max(40).nullable(),
  notes: z.string().max(10000).nullable(),
};
const storedClientDetails = validateZodSchema(z.object(CLIENT_DETAILS).partial());

/**
 * The detail fields present in `data`, checked as the studio's routes check them and normalised
 * (trimmed). An empty optional field is no value: forms (the Content Manager's) send "" for it.
 */
export function checkStoredClientDetails(data: Record<string, unknown>): Record<string, unknown> {
  const named = Object.keys(CLIENT_DETAILS).filter((key) => key in data && data[key] !== undefined);
  if (named.length === 0) return data;
  const given = Object.fromEntries(named.map((key) => [key, key !== 'name' && data[key] === '' ? null : data[key]]));
  return { ...data, ...(storedClientDetails(given) as Record<string, unknown>) };
}

/**
 * The studio's wording of one mail kind: plain text (the templates escape it), bounded, with no
 * control character but the intro's line breaks, and only the placeholders that kind fills (a
 * misspelt `{galery}` would otherwise go out to clients as written). An empty intro drops the
 * paragraph; a subject cannot be empty.
 */
// eslint-disable-next-line no-control-regex
const SUBJECT_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const INTRO_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

function mailTextFields(kind: MailTemplateKind) {
  const allowed = placeholdersOf(kind);
  const placeholders = (text: string, ctx: z.RefinementCtx) => {
    const unknown = unknownPlaceholders(text, allowed);
    const list = (names: string[]) => names.map((name) => `{${name}}`).join(', ');
    if (unknown.length > 0) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Unknown placeholder ${list(unknown)} (this mail has ${list(allowed)})` });
  };
  const subject = z
    .string()
    .refine((text) => !SUBJECT_CONTROLS.test(text), 'A subject is one line of text, without control characters')
    .transform((text) => text.trim())
    .pipe(z.string().min(1).max(MAIL_SUBJECT_MAX))
    .superRefine(placeholders);
  const intro = z
    .string()
    .transform((text) => text.replace(/\r\n?/g, '\n'))
    .refine((text) => !INTRO_CONTROLS.test(text), 'An intro is text, without control characters but line breaks')
    .transform((text) => text.trim())
    .pipe(z.string().max(MAIL_INTRO_MAX))
    .superRefine(placeholders);
  return { subject, intro };
}

/** One kind's wording as the preview route takes it (unsaved: what the page shows before Save). */
export function mailTextSchema(kind: MailTemplateKind) {
  const { subject, intro } = mailTextFields(kind);
  return z.object({ subject: subject.optional(), intro: intro.optional() }).strict();
}

function mailTextsSchema(resettable: boolean) {
  const kind = (name: MailTemplateKind) => {
    if (!resettable) return mailTextSchema(name).optional();
    const { subject, intro } = mailTextFields(name);
    return z.object({ subject: subject.nullable().optional(), intro: intro.nullable().optional() }).strict().nullable().optional();
  };
  return z.object(Object.fromEntries(MAIL_TEMPLATE_KINDS.map((name) => [name, kind(name)]))).strict();
}

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
  accentColor: z.string().regex(HEX_COLOUR, 'Expected a colour as #rrggbb').transform((colour) => colour.toLowerCase()),
  // Written by the logo upload only (services/studio/brand-logo.ts), never by a settings save.
  logo: z.string().regex(LOGO_FILE_NAME, 'Expected a stored logo name'),
  linkDefaults: linkDefaultsSchema.partial(),
  reminderDays: configSchema.shape.proofing.shape.reminderDays,
  commentDigestMinutes: configSchema.shape.proofing.shape.commentDigestMinutes,
  mailTexts: mailTextsSchema(false),
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
    accentColor: resettable(STUDIO_FIELDS.accentColor),
    logo: resettable(STUDIO_FIELDS.logo),
    linkDefaults: resettable(STUDIO_FIELDS.linkDefaults),
    reminderDays: resettable(STUDIO_FIELDS.reminderDays),
    commentDigestMinutes: resettable(STUDIO_FIELDS.commentDigestMinutes),
    mailTexts: resettable(mailTextsSchema(true)),
  })
  .strict();

const issueLine = (issue: { path: PropertyKey[]; message: string }) => `${issue.path.map(String).join('.') || '(settings)'}: ${issue.message}`;

/** What the settings page may change: everything but the logo, which only its own upload route sets. */
const pageChangesSchema = changesSchema.omit({ logo: true }).strict();

/**
 * A save's changes, checked: a value per key, or null for "back to the default". A bad value
 * throws a ValidationError (400) whose message names every bad key (`notifyEmail: Invalid email`),
 * with one `{ path, message }` per problem in `details.errors` for the page to show by its field.
 * `fromPage`: a change sent by the settings page, which cannot name a logo.
 */
export function validateStudioSettingsChanges(input: unknown, { fromPage = false }: { fromPage?: boolean } = {}): StudioSettingsChanges {
  const parsed = (fromPage ? pageChangesSchema : changesSchema).safeParse(input);
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

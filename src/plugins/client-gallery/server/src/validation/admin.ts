import { validateZodSchema, z } from '@strapi/utils';
import { DASHBOARD_LIMITS } from '../../../shared/dashboard';
import { RESOLUTIONS } from '../../../shared/public-api';
import { COMMENT_MAX_LENGTH, REOPEN_REASON_MAX_LENGTH } from '../../../shared/proofing';
import { COMPARISON_WIDTHS, MAX_COMPARED } from '../lib/comparison-layout';
import { markupLayersSchema } from '../lib/markup-svg';
import { CLIENT_DETAILS, GALLERY_DETAILS, mailTextSchema, selectionBoundsInOrder } from './studio';
import { MAIL_TEMPLATE_KINDS, type MailTemplateKind, type MailText } from '../../../shared/mail-texts';
import { MailTemplateNotFoundError } from '../lib/errors';

/**
 * The studio's staff APIs: the admin panel's routes (routes/admin.ts) and the REST routes that
 * API tokens call (routes/studio.ts). Each validator answers the parsed input or throws Strapi's
 * ValidationError (400, with zod's issues as details). Both audiences take share links through
 * the same shapes, so they accept exactly the same input.
 */

const documentId = z.string().min(1).max(64);
const page = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100000).default(0),
};
const nothingToChange: [(body: object) => boolean, { message: string }] = [(body) => Object.keys(body).length > 0, { message: 'Nothing to change' }];

// Activity and notifications.
export const validatePageQuery = validateZodSchema(z.object(page));
export const validateNotificationsQuery = validateZodSchema(z.object({ unread: z.enum(['true', 'false']).default('true'), ...page }));

// Mail templates: a kind named in the path (unknown: 404), and the unsaved wording a preview shows.
export function validateMailTemplateKind(kind: unknown): MailTemplateKind {
  if (typeof kind !== 'string' || !(MAIL_TEMPLATE_KINDS as readonly string[]).includes(kind)) throw new MailTemplateNotFoundError();
  return kind as MailTemplateKind;
}
export const validateMailPreviewBody = (kind: MailTemplateKind, body: unknown) => validateZodSchema(mailTextSchema(kind))(body ?? {}) as MailText;

// The dashboard and the counts.
export const validateDashboardQuery = validateZodSchema(
  z.object({ deadlineDays: z.coerce.number().int().min(0).max(DASHBOARD_LIMITS.maxDeadlineDays).default(DASHBOARD_LIMITS.deadlineDays) }),
);
export const validateCountsQuery = validateZodSchema(z.object({ format: z.enum(['json', 'csv']).default('json') }));

// The outbox.
export const validateMailListQuery = validateZodSchema(z.object({ status: z.enum(['failed', 'pending', 'sent', 'cancelled', 'unsent']).default('unsent'), ...page }));

// Clients.
export const validateClientListQuery = validateZodSchema(
  z.object({
    search: z.string().max(200).optional(),
    page: z.coerce.number().int().min(1).max(100000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  }),
);

/** A share link's documentId, as a recipient filter names it. */
const recipientId = z.string().regex(/^[a-z0-9]{1,64}$/, 'a share link id');
export const validateClientImagesQuery = validateZodSchema(
  z.object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    label: z.string().max(120).optional(),
    selectedBy: recipientId.optional(),
    favouritedBy: recipientId.optional(),
    commented: z.enum(['true']).optional(),
  }),
);

export const validateNewClient = validateZodSchema(
  z
    .object({ ...CLIENT_DETAILS, email: CLIENT_DETAILS.email.optional(), phone: CLIENT_DETAILS.phone.optional(), notes: CLIENT_DETAILS.notes.optional() })
    .strict(),
);
export const validateClientChanges = validateZodSchema(
  z
    .object(CLIENT_DETAILS)
    .partial()
    .strict()
    .refine(...nothingToChange),
);

// Merges: `source` goes into `target`.
const mergePair = z.object({ source: documentId, target: documentId }).strict();
export const validateMerge = validateZodSchema(mergePair);
export const validateMergeListQuery = validateZodSchema(z.object({ client: documentId.optional() }));

// Photos.
export const validatePhotoUpload = validateZodSchema(z.object({ label: z.string().trim().min(1).max(120).optional() }));
/** An empty label clears it. */
export const validatePhotoLabel = validateZodSchema(z.object({ label: z.string().trim().max(120).nullable() }).strict());

const batchImageIds = z.array(documentId).min(1).max(1000);
export const validateBatchLabel = validateZodSchema(z.object({ imageIds: batchImageIds, label: z.string().trim().max(120).nullable() }).strict());
export const validateBatchPhotos = validateZodSchema(z.object({ imageIds: batchImageIds }).strict());
export const validateBatchAddToGallery = validateZodSchema(z.object({ imageIds: batchImageIds, galleryId: documentId }).strict());

const comparison = z
  .object({
    imageIds: z.array(documentId).min(2).max(MAX_COMPARED),
    width: z.union([z.literal(COMPARISON_WIDTHS[0]), z.literal(COMPARISON_WIDTHS[1])]).default(2048),
  })
  .strict();
/** POST …/comparisons/download {imageIds, width} */
export const validateComparisonDownload = validateZodSchema(comparison);
/** GET …/comparisons/download?imageIds=a,b&width= (the admin's file download): the same rules as the POST body. */
export function validateComparisonDownloadQuery(query: Record<string, unknown>) {
  return validateComparisonDownload({ imageIds: String(query.imageIds ?? '').split(',').filter(Boolean), ...(query.width ? { width: Number(query.width) } : {}) });
}
export const validateComparisonSave = validateZodSchema(comparison.extend({ label: z.string().trim().min(1).max(120).optional() }).strict());

export const validateMarkupLayers = validateZodSchema(z.object({ layers: markupLayersSchema }).strict());

// Galleries.
/** POST /client-gallery/clients/:documentId/galleries: a new gallery from some or all of the client's photos. */
export const validateNewGallery = validateZodSchema(
  z
    .object({
      ...GALLERY_DETAILS,
      status: GALLERY_DETAILS.status.default('proofing'),
      shootDate: GALLERY_DETAILS.shootDate.optional(),
      deadline: GALLERY_DETAILS.deadline.optional(),
      welcomeNote: GALLERY_DETAILS.welcomeNote.optional(),
      selectionAllowed: GALLERY_DETAILS.selectionAllowed.optional(),
      selectionMin: GALLERY_DETAILS.selectionMin.optional(),
      selectionMax: GALLERY_DETAILS.selectionMax.optional(),
      commentsAllowed: GALLERY_DETAILS.commentsAllowed.optional(),
      reviewEnabled: GALLERY_DETAILS.reviewEnabled.optional(),
      filtersEnabled: GALLERY_DETAILS.filtersEnabled.optional(),
      remindersEnabled: GALLERY_DETAILS.remindersEnabled.optional(),
      reminderDays: GALLERY_DETAILS.reminderDays.optional(),
      watermarkDesign: documentId.nullable().optional(),
      /** Which photos: these (in this order), or every photo with this label, or (neither) all of them. */
      imageIds: z.array(documentId).min(1).max(5000).optional(),
      label: z.string().trim().min(1).max(120).optional(),
    })
    .strict()
    .refine((body) => !(body.imageIds && body.label), { message: 'Give imageIds or label, not both' })
    .refine(...selectionBoundsInOrder),
);
export type NewGalleryInput = ReturnType<typeof validateNewGallery>;

/** PUT /client-gallery/galleries/:documentId: any of the details. */
export const validateGalleryChanges = validateZodSchema(
  z
    .object({ ...GALLERY_DETAILS, watermarkDesign: documentId.nullable() })
    .partial()
    .strict()
    .refine(...nothingToChange)
    .refine(...selectionBoundsInOrder),
);
export type GalleryChangesInput = ReturnType<typeof validateGalleryChanges>;

/** Curation: a gallery's photos, every one of them when reordering. */
export const validateGalleryPhotos = validateZodSchema(z.object({ imageIds: z.array(documentId).min(1).max(20000) }).strict());
export const validateGalleryCover = validateZodSchema(z.object({ imageId: documentId }).strict());

// Proofing, per share link.
export const validateReopen = validateZodSchema(z.object({ reason: z.string().trim().min(1).max(REOPEN_REASON_MAX_LENGTH) }).strict());
export const validateReply = validateZodSchema(z.object({ body: z.string().trim().min(1).max(COMMENT_MAX_LENGTH), imageId: documentId.nullable().optional() }).strict());
export const validateExportQuery = validateZodSchema(
  z
    .object({
      list: z.enum(['selection', 'favourites']),
      format: z.enum(['csv', 'filenames', 'lightroom']),
      round: z.coerce.number().int().min(1).optional(),
    })
    .strict(),
);
export const validateCompareQuery = validateZodSchema(z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) }).strict());

// Share links.
export const linkSettings = z
  .object({
    watermark: z.boolean().optional(),
    downloadsEnabled: z.boolean().optional(),
    downloadLimit: z.number().int().min(0).max(100000).nullable().optional(),
    resolutions: z.array(z.enum(RESOLUTIONS)).min(1).max(3).optional(),
    downloadsWatermarked: z.boolean().optional(),
    keepMetadata: z.boolean().optional(),
    expiresAt: z.string().datetime({ offset: true }).nullable().optional(),
    /** A new password, or null to remove it. Stored only as an scrypt hash. */
    password: z.string().min(4).max(200).nullable().optional(),
    recipientName: z.string().max(200).nullable().optional(),
  })
  .strict();
export type LinkSettingsInput = z.infer<typeof linkSettings>;

const email = z.string().trim().email().max(254);

const createLinkFields = linkSettings.extend({ kind: z.enum(['general', 'private']), recipientEmail: email.optional() });
const privateNeedsEmail: [(input: { kind: string; recipientEmail?: string }) => boolean, { message: string; path: string[] }] = [
  (input) => (input.kind === 'private') === Boolean(input.recipientEmail),
  { message: 'A private link needs recipientEmail; a general link has none', path: ['recipientEmail'] },
];

const createLinkInput = createLinkFields.strict().refine(...privateNeedsEmail);
export type CreateLinkInput = z.infer<typeof createLinkInput>;

const shareWithClientInput = linkSettings.extend({ email, name: z.string().max(200).optional() }).strict();
export type ShareWithClientInput = z.infer<typeof shareWithClientInput>;

export const validateCreateLink = validateZodSchema(createLinkInput);
export const validateLinkSettings = validateZodSchema(linkSettings);
export const validateShareWithClient = validateZodSchema(shareWithClientInput);

// The REST routes: bodies wrap their payload in `data`, as Strapi's own routes do, and name the gallery there.
export const validateRestCreateLink = validateZodSchema(
  z.object({ data: createLinkFields.extend({ gallery: documentId }).strict().refine(...privateNeedsEmail) }).strict(),
);
export const validateRestLinkSettings = validateZodSchema(z.object({ data: linkSettings }).strict());
export const validateRestShareWithClient = validateZodSchema(z.object({ data: shareWithClientInput.extend({ gallery: documentId }).strict() }).strict());
export const validateRestMerge = validateZodSchema(z.object({ data: mergePair }).strict());

/** A studio may edit a photo's label and capture date over REST; everything else is the ingest's. */
export const validateRestPhotoUpdate = validateZodSchema(
  z
    .object({
      data: z
        .object({
          label: z.string().trim().max(120).nullable().optional(),
          takenAt: z.string().datetime({ offset: true }).optional(),
        })
        .strict(),
    })
    .strict(),
);
/** POST /api/gallery-images/ingest: the multipart fields beside the files. */
export const validateRestIngest = validateZodSchema(z.object({ client: documentId, label: z.string().trim().min(1).max(120).optional() }));

/** The settings page's test mail: to the address given, else the studio's notify address. */
export const validateTestMail = validateZodSchema(z.object({ to: z.string().trim().email().max(254).optional() }).strict());

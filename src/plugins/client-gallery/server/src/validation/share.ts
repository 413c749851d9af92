import { validateZodSchema, z } from '@strapi/utils';
import { RESOLUTIONS } from '../../../shared/public-api';
import { COMMENT_MAX_LENGTH } from '../../../shared/proofing';

/**
 * What visitors send: link visitors on the public share API (routes/share.ts, DESIGN.md "Public
 * share API") and portal accounts (routes/portal.ts). Each validator answers the parsed input or
 * throws Strapi's ValidationError (400). Whether the visitor may do it at all is share-access's
 * decision, made by the service the controller calls.
 */

const documentId = z.string().min(1).max(64);
const flag = z.enum(['true', 'false', '1', '0']);

export const validateUnlock = validateZodSchema(z.object({ password: z.string().min(1).max(200) }).strict());
export const validateSignIn = validateZodSchema(z.object({ ticket: z.string().min(1).max(200) }).strict());
/** The portal's forgotten password (users-permissions' POST /api/auth/forgot-password, when the plugin sends its mail). */
export const validateForgotPassword = validateZodSchema(z.object({ email: z.string().trim().email().max(254) }));
export const validateClaim = validateZodSchema(z.object({ email: z.string().trim().email().max(254) }).strict());

export const validateImagesQuery = validateZodSchema(
  z
    .object({
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(30),
      label: z.string().min(1).max(120).optional(),
      favourites: flag.optional(),
      // Proofing filters: the visitor's own selection, or the photos they commented on.
      selected: flag.optional(),
      commented: flag.optional(),
    })
    .strict(),
);

// Downloads: the download manager's list, one photo, a zip package.
export const validateDownloadList = validateZodSchema(z.object({ imageIds: z.array(documentId).min(1).max(1000) }).strict());
export const validateDownloadQuery = validateZodSchema(z.object({ resolution: z.enum(RESOLUTIONS).default('web') }).strict());
export const validatePackageOrder = validateZodSchema(
  z
    .object({
      resolution: z.enum(RESOLUTIONS),
      imageIds: z.array(documentId).min(1).max(10000).optional(),
    })
    .strict(),
);

/** Plain text: trimmed, not empty, at most COMMENT_MAX_LENGTH, no control characters but line breaks and tabs. */
export const validateComment = validateZodSchema(
  z
    .object({
      body: z
        .string()
        .trim()
        .min(1)
        .max(COMMENT_MAX_LENGTH)
        .refine((text) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text), 'control characters are not allowed'),
    })
    .strict(),
);

/** The client decides approved, or changes requested (a note then says what); "in review" is the studio's to set. */
export const validateReview = validateZodSchema(
  z.discriminatedUnion('decision', [
    z.object({ decision: z.literal('approved'), note: z.string().trim().max(COMMENT_MAX_LENGTH).nullable().optional() }).strict(),
    z.object({ decision: z.literal('changes-requested'), note: z.string().trim().min(1).max(COMMENT_MAX_LENGTH) }).strict(),
  ]),
);

/** The portal names a gallery by its documentId. */
export const validatePortalGalleryId = validateZodSchema(documentId);

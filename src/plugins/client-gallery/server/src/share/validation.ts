import { validateZodSchema, z } from '@strapi/utils';

/**
 * Request shapes for share links, shared by the REST controllers (API tokens) and the
 * client-gallery plugin's admin routes, so both audiences accept exactly the same input.
 */
export const linkSettings = z
  .object({
    watermark: z.boolean().optional(),
    downloadsEnabled: z.boolean().optional(),
    downloadLimit: z.number().int().min(0).max(100000).nullable().optional(),
    resolutions: z.array(z.enum(['web', 'high', 'original'])).min(1).max(3).optional(),
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

export const createLinkInput = createLinkFields.strict().refine(...privateNeedsEmail);
export type CreateLinkInput = z.infer<typeof createLinkInput>;

export const shareWithClientInput = linkSettings.extend({ email, name: z.string().max(200).optional() }).strict();
export type ShareWithClientInput = z.infer<typeof shareWithClientInput>;

const galleryRef = z.string().min(1).max(64);

export const validateCreateLink = validateZodSchema(createLinkInput);
export const validateLinkSettings = validateZodSchema(linkSettings);
export const validateShareWithClient = validateZodSchema(shareWithClientInput);

/** REST bodies wrap their payload in `data`, as Strapi's own routes do, and name the gallery there. */
export const validateRestCreateLink = validateZodSchema(
  z.object({ data: createLinkFields.extend({ gallery: galleryRef }).strict().refine(...privateNeedsEmail) }).strict(),
);
export const validateRestLinkSettings = validateZodSchema(z.object({ data: linkSettings }).strict());
export const validateRestShareWithClient = validateZodSchema(z.object({ data: shareWithClientInput.extend({ gallery: galleryRef }).strict() }).strict());

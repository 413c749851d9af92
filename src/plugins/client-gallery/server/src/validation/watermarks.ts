import { validateZodSchema, z } from '@strapi/utils';
import { WATERMARK_LIMITS, WATERMARK_MODES, WATERMARK_POSITIONS } from '../../../shared/watermarks';

/**
 * Watermark designs, by every door: the designer's admin routes (routes/admin.ts) and any other
 * writer through the Document Service (hooks/domain-rules.ts applies checkStoredDesign).
 */
const { opacity, scale } = WATERMARK_LIMITS;

const DESIGN_FIELDS = {
  name: z.string().trim().min(1).max(WATERMARK_LIMITS.nameMax),
  mode: z.enum(WATERMARK_MODES),
  text: z.string().trim().max(WATERMARK_LIMITS.textMax).nullable(),
  logo: z.number().int().positive().nullable(),
  position: z.enum(WATERMARK_POSITIONS),
  opacity: z.number().min(opacity.min).max(opacity.max),
  scale: z.number().min(scale.min).max(scale.max),
};

/** A text mark needs its text, a logo mark its logo. */
const drawable: [
  (design: { mode?: string; text?: string | null; logo?: number | null }) => boolean,
  { message: string; path: string[] },
][] = [
  [(d) => d.mode !== 'text' || Boolean(d.text), { message: 'A text watermark needs its text', path: ['text'] }],
  [(d) => d.mode !== 'logo' || Boolean(d.logo), { message: 'A logo watermark needs a logo', path: ['logo'] }],
];

const whole = z
  .object({ ...DESIGN_FIELDS, text: DESIGN_FIELDS.text.optional(), logo: DESIGN_FIELDS.logo.optional() })
  .strict()
  .refine(...drawable[0])
  .refine(...drawable[1]);

/** POST /watermark-designs and PUT /watermark-designs/:documentId: the whole design (the designer always sends every field). */
export const validateDesign = validateZodSchema(whole);
export type DesignInput = ReturnType<typeof validateDesign>;

/** POST /watermark-designs/preview: a design as it stands in the form, saved or not; the name does not matter. */
export const validateDesignPreview = validateZodSchema(
  z
    .object({ ...DESIGN_FIELDS, name: DESIGN_FIELDS.name.optional(), text: DESIGN_FIELDS.text.optional(), logo: DESIGN_FIELDS.logo.optional() })
    .strict()
    .refine(...drawable[0])
    .refine(...drawable[1]),
);

/** A design as stored (number columns come back as strings from some databases). */
const stored = z
  .object({
    name: DESIGN_FIELDS.name,
    mode: DESIGN_FIELDS.mode,
    text: DESIGN_FIELDS.text.optional(),
    logo: z.unknown().optional(),
    position: DESIGN_FIELDS.position,
    opacity: z.coerce.number().min(opacity.min).max(opacity.max),
    scale: z.coerce.number().min(scale.min).max(scale.max),
  })
  .partial();
const checkStored = validateZodSchema(stored);

/**
 * The same rules for a design written by any other door (the Content Manager, REST, a service):
 * the fields present in `data` are checked and come back normalised; fields not in `data` are left alone.
 */
export function checkStoredDesign(data: Record<string, unknown>): Record<string, unknown> {
  const named = Object.keys(stored.shape).filter((key) => key in data && data[key] !== undefined);
  if (named.length === 0) return data;
  const checked = checkStored(Object.fromEntries(named.map((key) => [key, data[key]]))) as Record<string, unknown>;
  return { ...data, ...Object.fromEntries(named.filter((key) => key !== 'logo').map((key) => [key, checked[key]])) };
}

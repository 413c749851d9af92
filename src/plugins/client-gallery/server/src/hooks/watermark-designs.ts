import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { conflict } from '../lib/errors';
import { checkStoredDesign } from '../validation/watermarks';
import { UID } from '../uids';
import { getService } from '../get-service';

const DESIGN = UID.watermarkDesign;
/** What a logo may be, whoever links it: a raster the renderer decodes (never SVG or PDF). */
const RASTER = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

/** After a write: the row draws something, its logo is a raster, and a studio with designs has exactly one default. */
async function requireConsistent(strapi: Core.Strapi, documentId: string, wasDefault: boolean) {
  const row = await strapi.db.query(DESIGN).findOne({ where: { documentId }, populate: { logo: { select: ['id', 'mime'] } } });
  if (!row) return;
  if (row.mode === 'text' && !row.text) throw new errors.ValidationError('A text watermark needs its text', { path: ['text'] });
  if (row.mode === 'logo' && !row.logo) throw new errors.ValidationError('A logo watermark needs a logo', { path: ['logo'] });
  if (row.logo && !RASTER.has(String(row.logo.mime))) throw new errors.ValidationError('A watermark logo must be a PNG, JPEG, WebP or GIF image', { path: ['logo'] });
  if (row.isDefault) {
    await strapi.db.query(DESIGN).updateMany({ where: { isDefault: true, id: { $ne: row.id } }, data: { isDefault: false } });
  } else if (wasDefault && (await strapi.db.query(DESIGN).count({ where: { isDefault: true } })) === 0) {
    throw conflict('One design is the default: make another design the default instead', { isDefault: true });
  }
}

/**
 * Watermark designs are written by the designer's routes, the Content Manager and REST: all go
 * through the Document Service, and this middleware holds them to one set of rules there:
 * - the fields as the designer's validation reads them (validation/watermarks.ts);
 * - a text mark has text, a logo mark a raster logo;
 * - exactly one default while any design exists: the first design becomes it, making one the
 *   default takes the flag off the others, and the default cannot simply drop the flag;
 * - a design that galleries use, or the default while other designs exist, is not deleted (409).
 * Checks after the write run in its transaction, so a refused write leaves nothing behind.
 */
export function registerWatermarkDesignRules(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== DESIGN) return next();
    const params = context.params as { documentId?: string; data?: Record<string, unknown> };
    if (context.action === 'delete' && params.documentId) {
      await getService(strapi, 'watermark-design').requireDeletable(params.documentId);
      return next();
    }
    if ((context.action !== 'create' && context.action !== 'update') || !params.data) return next();
    params.data = checkStoredDesign(params.data);
    if (context.action === 'create' && params.data.isDefault !== true && (await strapi.db.query(DESIGN).count({ where: { isDefault: true } })) === 0) {
      params.data = { ...params.data, isDefault: true };
    }
    // Only the default itself may not drop the flag: designs moved in from before defaults existed
    // (setup/watermark-migration.ts) stay editable until the studio picks one.
    const wasDefault = params.documentId ? (await strapi.db.query(DESIGN).count({ where: { documentId: params.documentId, isDefault: true } })) > 0 : false;
    return strapi.db.transaction(async () => {
      const result: any = await next();
      const documentId: string | undefined = result?.documentId ?? params.documentId;
      if (documentId) await requireConsistent(strapi, documentId, wasDefault);
      return result;
    });
  });
}

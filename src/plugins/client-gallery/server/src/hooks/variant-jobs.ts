import type { Core } from '@strapi/strapi';
import { UID } from '../uids';
import { getService } from '../get-service';
import { designOfRow } from '../lib/variants';
import { designFingerprint } from '../lib/watermark-fingerprint';

const GALLERY = UID.gallery;
const DESIGN = UID.watermarkDesign;

/** What of the published version matters for ahead-of-need renders: its design and its stage. */
async function publishedState(strapi: Core.Strapi, documentId: string): Promise<{ design: number | null; stage: string | null }> {
  const row = await strapi.db
    .query(GALLERY)
    .findOne({ where: { documentId, publishedAt: { $notNull: true } }, select: ['id', 'stage'], populate: { watermarkDesign: { select: ['id'] } } });
  return { design: row?.watermarkDesign?.id ?? null, stage: row?.stage ?? null };
}

/** What a design draws now (its fingerprint) and whether it is the default. */
async function drawnState(strapi: Core.Strapi, documentId: string) {
  const row = await strapi.db.query(DESIGN).findOne({ where: { documentId }, populate: { logo: true } });
  if (!row) return null;
  const design = designOfRow(row);
  return { id: row.id as number, isDefault: Boolean(row.isDefault), design, fingerprint: designFingerprint(design) };
}

/**
 * Renders ahead of need, queued as variant jobs (services/storage/variant-job.ts) when the studio:
 * - publishes a gallery with a new watermark design: its visitors' thumbs and previews;
 * - edits a watermark design, or changes which design is the default: the same, for every
 *   published gallery drawing it, in the background (visitor-media.rerenderInBackground), so the
 *   write answers at once whatever the number of galleries and photos;
 * - publishes a gallery that became "ready" (with downloads.prepareAhead): the files its links may download.
 */
export function registerVariantJobHooks(strapi: Core.Strapi) {
  const visitorMedia = () => getService(strapi, 'visitor-media');
  strapi.documents.use(async (context, next) => {
    const params = context.params as { documentId?: string };
    if (context.uid === GALLERY && context.action === 'publish' && params.documentId) {
      const before = await publishedState(strapi, params.documentId);
      const result = await next();
      const after = await publishedState(strapi, params.documentId);
      if (after.design !== null && after.design !== before.design) await visitorMedia().prewarm(params.documentId);
      if (after.stage === 'ready' && before.stage !== 'ready') await getService(strapi, 'variant-job').prepareAhead(params.documentId);
      return result;
    }
    if (context.uid === DESIGN && (context.action === 'update' || context.action === 'create' || context.action === 'delete')) {
      const before = params.documentId ? await drawnState(strapi, params.documentId) : null;
      const result: any = await next();
      const documentId = params.documentId ?? result?.documentId;
      const after = documentId && context.action !== 'delete' ? await drawnState(strapi, documentId) : null;
      const changed = before?.fingerprint !== after?.fingerprint;
      // Galleries without a design of their own draw the default: a change to it, or of which design it is, reaches them too.
      const defaultChanged = Boolean(before?.isDefault) !== Boolean(after?.isDefault) || (changed && Boolean(after?.isDefault));
      if ((changed && before && after) || defaultChanged) {
        visitorMedia().rerenderInBackground({ designId: after?.id ?? before!.id, withoutDesign: defaultChanged || Boolean(after?.isDefault), replaced: before?.design ?? null });
      }
      return result;
    }
    return next();
  });
}

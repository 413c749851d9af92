import type { Core } from '@strapi/strapi';
import { UID } from '../uids';
import { getService } from '../get-service';

const GALLERY = UID.gallery;
const DESIGN = UID.watermarkDesign;

/** What of the published version matters for ahead-of-need renders: its design and its stage. */
async function publishedState(strapi: Core.Strapi, documentId: string): Promise<{ design: number | null; stage: string | null }> {
  const row = await strapi.db
    .query(GALLERY)
    .findOne({ where: { documentId, publishedAt: { $notNull: true } }, select: ['id', 'stage'], populate: { watermarkDesign: { select: ['id'] } } });
  return { design: row?.watermarkDesign?.id ?? null, stage: row?.stage ?? null };
}

/**
 * Renders ahead of need, queued as variant jobs (services/storage/variant-job.ts) when the studio:
 * - publishes a gallery with a new watermark design: its visitors' thumbs and previews;
 * - edits a watermark design: the same, for every published gallery using it;
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
    if (context.uid === DESIGN && context.action === 'update' && params.documentId) {
      const result = await next();
      const galleries = await strapi.db.query(GALLERY).findMany({
        where: { publishedAt: { $notNull: true }, watermarkDesign: { documentId: params.documentId } },
        select: ['documentId'],
      });
      for (const documentId of new Set(galleries.map((gallery: { documentId: string }) => gallery.documentId))) await visitorMedia().prewarm(documentId);
      return result;
    }
    return next();
  });
}

import type { Core } from '@strapi/strapi';
import { validateZodSchema, z } from '@strapi/utils';
import { visibleImageSources } from '../../admin/access';
import { COMPARISON_WIDTHS, MAX_COMPARED } from '../../lib/comparison-layout';
import { contentDisposition } from '../../lib/file-names';
import { withSignedUrls } from './clients';
import { getService } from '../../get-service';

const comparisonBody = z
  .object({
    imageIds: z.array(z.string().min(1).max(64)).min(2).max(MAX_COMPARED),
    width: z.union([z.literal(COMPARISON_WIDTHS[0]), z.literal(COMPARISON_WIDTHS[1])]).default(2048),
  })
  .strict();
const downloadBody = validateZodSchema(comparisonBody);
const saveBody = validateZodSchema(comparisonBody.extend({ label: z.string().trim().min(1).max(120).optional() }).strict());

export const staffViewer = (strapi: Core.Strapi, ctx: any) => ({
  staff: { id: ctx.state.user?.id, email: ctx.state.user?.email ?? null },
  sources: visibleImageSources(strapi, ctx.state.userAbility),
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * POST /client-gallery/comparisons/download {imageIds, width}, or GET …/download?imageIds=a,b&width=
   * (the admin's file download): the side-by-side JPEG, photos in the order sent.
   */
  async download(ctx) {
    const viewer = staffViewer(strapi, ctx);
    const input =
      ctx.method === 'GET'
        ? { imageIds: String(ctx.query.imageIds ?? '').split(',').filter(Boolean), ...(ctx.query.width ? { width: Number(ctx.query.width) } : {}) }
        : (ctx.request.body ?? {});
    const download = await getService(strapi, 'staff-download').comparison({ ...downloadBody(input), sources: viewer.sources }, viewer);
    ctx.set('Content-Disposition', contentDisposition(download.fileName));
    ctx.type = download.mime;
    ctx.body = download.body;
  },

  /** POST /client-gallery/comparisons {imageIds, width, label?}: keep the comparison as a photo of the client. */
  async save(ctx) {
    const body = saveBody(ctx.request.body ?? {});
    const result = await getService(strapi, 'comparison').save({ ...body, sources: staffViewer(strapi, ctx).sources });
    const documentId = result.status === 'created' ? result.image.documentId : result.existing;
    const image = await strapi.db
      .query('plugin::client-gallery.gallery-image')
      .findOne({ where: { documentId }, populate: { file: true, markupOf: { select: ['documentId'] } } });
    ctx.status = result.status === 'created' ? 201 : 200;
    ctx.body = { data: await withSignedUrls(strapi, image) };
  },
});

import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { visibleImageSources } from '../../admin/access';
import { contentDisposition } from '../../lib/file-names';
import { withSignedUrls } from './clients';
import { getService } from '../../get-service';
import { validateComparisonDownload, validateComparisonDownloadQuery, validateComparisonSave } from '../../validation/admin';

export const staffViewer = (strapi: Core.Strapi, ctx: Context) => ({
  staff: { id: ctx.state.user?.id, email: ctx.state.user?.email ?? null },
  sources: visibleImageSources(strapi, ctx.state.userAbility),
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * POST /client-gallery/comparisons/download {imageIds, width}, or GET …/download?imageIds=a,b&width=
   * (the admin's file download): the side-by-side JPEG, photos in the order sent.
   */
  async download(ctx: Context) {
    const viewer = staffViewer(strapi, ctx);
    const input = ctx.method === 'GET' ? validateComparisonDownloadQuery(ctx.query) : validateComparisonDownload(ctx.request.body ?? {});
    const download = await getService(strapi, 'staff-download').comparison({ ...input, sources: viewer.sources }, viewer);
    ctx.set('Content-Disposition', contentDisposition(download.fileName));
    ctx.type = download.mime;
    ctx.body = download.body;
  },

  /** POST /client-gallery/comparisons {imageIds, width, label?}: keep the comparison as a photo of the client. */
  async save(ctx: Context) {
    const body = validateComparisonSave(ctx.request.body ?? {});
    const result = await getService(strapi, 'comparison').save({ ...body, sources: staffViewer(strapi, ctx).sources });
    const documentId = result.status === 'created' ? result.image.documentId : result.existing;
    const image = await strapi.db
      .query('plugin::client-gallery.gallery-image')
      .findOne({ where: { documentId }, populate: { file: true, markupOf: { select: ['documentId'] } } });
    ctx.status = result.status === 'created' ? 201 : 200;
    ctx.body = { data: await withSignedUrls(strapi, image) };
  },
});

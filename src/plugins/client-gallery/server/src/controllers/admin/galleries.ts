import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { visibleImageSources } from '../../admin/access';
import { toAdminGallery } from '../../admin/mappers';
import { getService } from '../../get-service';
import { validateGalleryChanges, validateGalleryCover, validateGalleryPhotos, validateNewGallery } from '../../validation/admin';

/**
 * Galleries as the studio curates them: made from a client's photos, edited, published. Each
 * answer counts and lists only the photos this staff member sees (admin/access).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const galleries = () => getService(strapi, 'gallery');
  const curation = () => getService(strapi, 'gallery-curation');
  const sourcesOf = (ctx: Context) => visibleImageSources(strapi, ctx.state.userAbility);

  return {
    /** POST /client-gallery/clients/:documentId/galleries {title, imageIds? | label?, status?, shootDate?, deadline?, welcomeNote?} */
    async create(ctx: Context) {
      const gallery = await galleries().createForClient(ctx.params.documentId, validateNewGallery(ctx.request.body ?? {}), sourcesOf(ctx));
      ctx.status = 201;
      ctx.body = { data: toAdminGallery(gallery) };
    },

    /** PUT /client-gallery/galleries/:documentId {title?, status?, shootDate?, deadline?, welcomeNote?} */
    async update(ctx: Context) {
      ctx.body = { data: toAdminGallery(await galleries().updateDetails(ctx.params.documentId, validateGalleryChanges(ctx.request.body ?? {}), sourcesOf(ctx))) };
    },

    /** POST /client-gallery/galleries/:documentId/publish */
    async publish(ctx: Context) {
      ctx.body = { data: toAdminGallery(await galleries().setPublished(ctx.params.documentId, true, sourcesOf(ctx))) };
    },

    /** GET /client-gallery/galleries/:documentId/images: the gallery's photos (documentIds) in its order. */
    async images(ctx: Context) {
      const sources = sourcesOf(ctx);
      ctx.body = { data: await curation().orderOf((await galleries().summary(ctx.params.documentId, sources)).documentId, sources) };
    },

    /** POST /client-gallery/galleries/:documentId/images {imageIds}: add the client's photos at the end. */
    async addImages(ctx: Context) {
      const { imageIds } = validateGalleryPhotos(ctx.request.body ?? {});
      ctx.body = { data: toAdminGallery(await curation().addPhotos(ctx.params.documentId, imageIds, sourcesOf(ctx))) };
    },

    /** POST /client-gallery/galleries/:documentId/images/remove {imageIds} */
    async removeImages(ctx: Context) {
      ctx.body = { data: toAdminGallery(await curation().removePhotos(ctx.params.documentId, validateGalleryPhotos(ctx.request.body ?? {}).imageIds, sourcesOf(ctx))) };
    },

    /** PUT /client-gallery/galleries/:documentId/images {imageIds}: every photo of the gallery, in the new order. */
    async reorder(ctx: Context) {
      ctx.body = { data: await curation().reorder(ctx.params.documentId, validateGalleryPhotos(ctx.request.body ?? {}).imageIds, sourcesOf(ctx)) };
    },

    /** PUT /client-gallery/galleries/:documentId/cover {imageId} */
    async cover(ctx: Context) {
      ctx.body = { data: toAdminGallery(await curation().setCover(ctx.params.documentId, validateGalleryCover(ctx.request.body ?? {}).imageId, sourcesOf(ctx))) };
    },

    /** POST /client-gallery/galleries/:documentId/duplicate: an unpublished copy with the same photos, no links. */
    async duplicate(ctx: Context) {
      ctx.status = 201;
      ctx.body = { data: toAdminGallery(await curation().duplicate(ctx.params.documentId, sourcesOf(ctx))) };
    },

    /** DELETE /client-gallery/galleries/:documentId: the gallery and its links; the photos stay. */
    async remove(ctx: Context) {
      await curation().remove(ctx.params.documentId);
      ctx.status = 204;
    },

    /** POST /client-gallery/galleries/:documentId/unpublish */
    async unpublish(ctx: Context) {
      ctx.body = { data: toAdminGallery(await galleries().setPublished(ctx.params.documentId, false, sourcesOf(ctx))) };
    },
  };
};

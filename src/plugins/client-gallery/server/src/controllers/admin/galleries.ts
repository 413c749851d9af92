import type { Core } from '@strapi/strapi';
import { visibleImageSources } from '../../admin/access';
import { toAdminGallery } from '../../admin/mappers';
import { getService } from '../../get-service';

/** Galleries as the studio curates them: made from a client's photos, edited, published. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const galleries = () => getService(strapi, 'gallery');

  return {
    /** POST /client-gallery/clients/:documentId/galleries {title, imageIds? | label?, status?, shootDate?, deadline?, welcomeNote?} */
    async create(ctx) {
      const gallery = await galleries().createForClient(ctx.params.documentId, galleries().parseNewGallery(ctx.request.body ?? {}), visibleImageSources(strapi, ctx.state.userAbility));
      ctx.status = 201;
      ctx.body = { data: toAdminGallery(gallery) };
    },

    /** PUT /client-gallery/galleries/:documentId {title?, status?, shootDate?, deadline?, welcomeNote?} */
    async update(ctx) {
      ctx.body = { data: toAdminGallery(await galleries().updateDetails(ctx.params.documentId, galleries().parseGalleryChanges(ctx.request.body ?? {}))) };
    },

    /** POST /client-gallery/galleries/:documentId/publish */
    async publish(ctx) {
      ctx.body = { data: toAdminGallery(await galleries().setPublished(ctx.params.documentId, true)) };
    },

    /** POST /client-gallery/galleries/:documentId/unpublish */
    async unpublish(ctx) {
      ctx.body = { data: toAdminGallery(await galleries().setPublished(ctx.params.documentId, false)) };
    },
  };
};

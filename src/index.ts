import sharp from 'sharp';
import type { Core } from '@strapi/strapi';
import { registerClientMergeHooks } from './api/client-merge/document-hooks';
import { bootstrapPortal } from './api/portal/bootstrap';
import { registerGalleryImageHooks } from './api/gallery-image/document-hooks';
import { registerMediaDelivery } from './media/delivery';
import { applyStudioMediaSettings } from './media/library-settings';
import { registerPublicPages } from './public-pages';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerClientMergeHooks(strapi);
    registerGalleryImageHooks(strapi);
    registerMediaDelivery(strapi);
    registerPublicPages(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await bootstrapPortal(strapi);
    await applyStudioMediaSettings(strapi);
    // No libvips operation cache: sources are decoded once and never again, so caching only adds RSS.
    sharp.cache(false);
    await strapi.service('api::gallery-image.watermark').warm();
  },

  /**
   * Shutting down (SIGTERM, a deploy, a test's end) waits for work that runs after its request
   * answered: milestone mails and package preparations. They need the database, which closes
   * right after this; an interrupted preparation would otherwise wait for the stale-package task.
   */
  async destroy({ strapi }: { strapi: Core.Strapi }) {
    await Promise.allSettled([strapi.service('api::activity-event.activity').settled(), strapi.service('api::download-package.download-package').settled()]);
  },
};

import type { Core } from '@strapi/strapi';
import { toPublicGallery } from '../mappers';
import type { ShareAccess } from './share-access';

/** GET /api/share/:token: the gallery as this link's visitor sees it, and what the link may do. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async view(access: ShareAccess) {
    const shareAccess = strapi.service('api::share-link.share-access');
    const { gallery, link } = shareAccess.authorize(access, 'view');
    const cover = await strapi.service('api::share-link.share-images').coverUrls(access);
    // Only private links are someone's activity; a general link's views belong to nobody in particular.
    if (link.kind === 'private') await strapi.service('api::activity-event.activity').record({ type: 'view', linkId: link.id });
    return toPublicGallery(gallery, shareAccess.capabilities(access), cover);
  },
});

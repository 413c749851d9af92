import type { Core } from '@strapi/strapi';
import { toPublicGallery } from '../../share/mappers';
import type { ShareAccess } from '../../queries/share-rows';
import { getService } from '../../get-service';

/** GET /api/share/:token: the gallery as this link's visitor sees it, and what the link may do. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async view(access: ShareAccess) {
    const shareAccess = getService(strapi, 'share-access');
    const { gallery, link } = shareAccess.authorize(access, 'view');
    const cover = await getService(strapi, 'share-images').coverUrls(access);
    // Once per visitor and day; a general link's visitors are one visitor (they have no identity until they claim one).
    await getService(strapi, 'activity').recordView(link.id);
    return toPublicGallery(gallery, shareAccess.capabilities(access), cover);
  },
});

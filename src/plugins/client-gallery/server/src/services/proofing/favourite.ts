import { factories } from '@strapi/strapi';
import { isUniqueViolation } from '../../lib/errors';
import type { ShareAccess } from '../../queries/share-rows';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const FAVOURITE = UID.favourite;

/**
 * A link visitor's favourites. (link, image) is unique in the database (pairKey), so marking
 * twice, or from two tabs at once, leaves one favourite.
 */
export default factories.createCoreService(FAVOURITE, ({ strapi }) => {
  const shareAccess = () => getService(strapi, 'share-access');

  return {
    /** PUT /api/share/:token/favourites/:imageId */
    async add(access: ShareAccess, imageDocumentId: string) {
      const { link } = shareAccess().authorize(access, 'favourite');
      const image = await shareAccess().requireImage(access, imageDocumentId);
      await getService(strapi, 'access-attempt').takeVisitorWrite({ kind: 'mark', linkId: link.id });
      let created = false;
      try {
        await strapi.db.transaction(() => strapi.db.query(FAVOURITE).create({ data: { link: link.id, image: image.id, pairKey: `${link.id}:${image.id}` } }));
        created = true;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
      if (created) await getService(strapi, 'activity').record({ type: 'favourite', linkId: link.id, imageId: image.id });
      return { id: image.documentId, favourite: true };
    },

    /** DELETE /api/share/:token/favourites/:imageId */
    async remove(access: ShareAccess, imageDocumentId: string) {
      const { link } = shareAccess().authorize(access, 'favourite');
      const image = await shareAccess().requireImage(access, imageDocumentId);
      await getService(strapi, 'access-attempt').takeVisitorWrite({ kind: 'mark', linkId: link.id });
      await strapi.db.query(FAVOURITE).deleteMany({ where: { pairKey: `${link.id}:${image.id}` } });
      return { id: image.documentId, favourite: false };
    },
  };
});

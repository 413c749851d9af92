import type { Core } from '@strapi/strapi';
import { downloadedItemCannotBeRemoved, ShareNotFoundError } from '../../lib/errors';
import type { ShareAccess } from '../../queries/share-rows';
import { pairKey } from '../../queries/grants';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const GRANT = UID.downloadGrant;

export type ManagerItemState = 'queued' | 'granted' | 'downloaded';

/**
 * The download manager: a visitor's list of photos to download. Adding costs nothing; a photo is
 * counted against the limit when it is first downloaded (alone or in a package). An item can be
 * removed until it was downloaded; the grant behind a counted item is never removed, so
 * downloading it again stays free.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const shareAccess = () => getService(strapi, 'share-access');

  async function items(linkId: number) {
    return strapi.db.query(GRANT).findMany({
      where: { link: { id: linkId }, inManager: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      populate: { image: { select: ['id', 'documentId', 'label', 'takenAt'] } },
    });
  }

  const stateOf = (item: { state: string; downloadedAt: string | null }): ManagerItemState =>
    item.downloadedAt ? 'downloaded' : item.state === 'granted' ? 'granted' : 'queued';

  return {
    /** GET /api/share/:token/downloads */
    async view(access: ShareAccess) {
      const policy = shareAccess().authorizeDownloadManager(access);
      const rows = await items(access.link.id);
      return {
        limit: policy.limit,
        used: policy.used,
        remaining: policy.remaining,
        resolutions: policy.resolutions,
        watermarked: policy.watermarked,
        items: rows
          .filter((row: any) => row.image)
          .map((row: any) => ({
            imageId: row.image.documentId,
            label: row.image.label ?? null,
            state: stateOf(row),
            removable: !row.downloadedAt,
            downloadedAt: row.downloadedAt ?? null,
          })),
      };
    },

    /** POST /api/share/:token/downloads {imageIds}: every id must be a photo of this gallery, or nothing is added. */
    async add(access: ShareAccess, imageDocumentIds: string[]) {
      shareAccess().authorizeDownloadManager(access);
      const images = await shareAccess().requireImages(access, imageDocumentIds);
      await getService(strapi, 'access-attempt').takeVisitorWrite({ kind: 'mark', linkId: access.link.id });
      const linkId = access.link.id;
      const keys = images.map((image: { id: number }) => pairKey(linkId, image.id));
      await strapi.db.transaction(async () => {
        const existing = await strapi.db.query(GRANT).findMany({ where: { pairKey: { $in: keys } }, select: ['id', 'pairKey', 'inManager'] });
        const known = new Set(existing.map((row: { pairKey: string }) => row.pairKey));
        const hidden = existing.filter((row: { inManager: boolean }) => !row.inManager).map((row: { id: number }) => row.id);
        if (hidden.length > 0) await strapi.db.query(GRANT).updateMany({ where: { id: { $in: hidden } }, data: { inManager: true } });
        for (const image of images) {
          const key = pairKey(linkId, image.id);
          if (!known.has(key)) await strapi.db.query(GRANT).create({ data: { link: linkId, image: image.id, pairKey: key, state: 'queued', inManager: true } });
        }
      });
      return this.view(access);
    },

    /** DELETE /api/share/:token/downloads/:imageId: 409 once the photo was downloaded. */
    async remove(access: ShareAccess, imageDocumentId: string) {
      shareAccess().authorizeDownloadManager(access);
      const image = await shareAccess().requireImage(access, imageDocumentId);
      await getService(strapi, 'access-attempt').takeVisitorWrite({ kind: 'mark', linkId: access.link.id });
      const item = await strapi.db.query(GRANT).findOne({ where: { pairKey: pairKey(access.link.id, image.id), inManager: true } });
      if (!item) throw new ShareNotFoundError();
      if (item.downloadedAt) throw downloadedItemCannotBeRemoved();
      if (item.state === 'granted') {
        // Counted already (a package was made): the grant stays so a later download is still free.
        await strapi.db.query(GRANT).update({ where: { id: item.id }, data: { inManager: false } });
      } else {
        await strapi.db.query(GRANT).delete({ where: { id: item.id } });
      }
      return this.view(access);
    },

    /** Image ids currently in the manager, in the order they were added. */
    async imageIds(linkId: number): Promise<number[]> {
      return (await items(linkId)).map((row: any) => row.image?.id).filter(Boolean);
    },
  };
};

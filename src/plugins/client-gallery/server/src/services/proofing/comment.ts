import crypto from 'crypto';
import { factories } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { GalleryImageNotFoundError, ShareLinkNotFoundError } from '../../lib/errors';
import { renderMail } from '../../mail-templates';
import { adminActivityUrl, adminProofingThreadUrl } from '../../share/urls';
import type { ShareAccess } from '../../queries/share-rows';
import type { PublicComment } from '../../../../shared/public-api';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const COMMENT = UID.comment;
const LINK = UID.shareLink;
const IMAGE = UID.galleryImage;
const GALLERY = UID.gallery;

const toComment = (row: any): PublicComment => ({
  id: row.documentId,
  imageId: row.image?.documentId ?? null,
  body: row.body,
  author: row.author === 'studio' ? 'studio' : 'client',
  authorName: row.authorName ?? null,
  createdAt: new Date(row.createdAt).toISOString(),
});

/**
 * Proofing comments. A thread belongs to one link (one recipient) and is either about
 * one photo or, with no photo, about the gallery. The client posts while the gallery allows
 * comments; the studio replies from the admin in the same thread. Bodies are plain text: stored
 * as typed, and every page renders them as text, never as HTML.
 *
 * New client comments reach the studio as a digest: a scheduled task claims every comment not yet
 * notified with one conditional UPDATE (a batch key written only where none is), so each comment
 * is in exactly one digest however many instances run, and 30 comments make one mail. The claim and
 * the digest's outbox row commit together.
 */
export default factories.createCoreService(COMMENT, ({ strapi }: { strapi: Core.Strapi }) => {
  const shareAccess = () => getService(strapi, 'share-access');
  const comments = () => strapi.db.query(COMMENT);

  async function thread(linkId: number, imageId: number | null) {
    const rows = await comments().findMany({
      where: { link: { id: linkId }, ...(imageId === null ? { image: { id: { $null: true } } } : { image: { id: imageId } }) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      populate: { image: { select: ['documentId'] } },
    });
    return rows.map(toComment);
  }

  return {
    /** GET /api/share/:token/comments and /images/:imageId/comments: the visitor's own thread, readable in every status. */
    async visitorThread(access: ShareAccess, imageDocumentId: string | null) {
      const { link } = shareAccess().authorize(access, 'own');
      const image = imageDocumentId === null ? null : await shareAccess().requireImage(access, imageDocumentId);
      return { comments: await thread(link.id, image?.id ?? null), open: shareAccess().can(access, 'comment') };
    },

    /** POST /api/share/:token/comments and /images/:imageId/comments {body} (validated by the controller). */
    async post(access: ShareAccess, imageDocumentId: string | null, body: string): Promise<PublicComment> {
      const { link, gallery } = shareAccess().authorize(access, 'comment');
      const image = imageDocumentId === null ? null : await shareAccess().requireImage(access, imageDocumentId);
      await getService(strapi, 'access-attempt').takeVisitorWrite({ kind: 'comment', linkId: link.id, imageId: image?.id ?? null });
      const created = await comments().create({
        data: { link: link.id, gallery: gallery.id, image: image?.id ?? null, body, author: 'client', authorName: link.recipientName || link.recipientEmail || null },
        populate: { image: { select: ['documentId'] } },
      });
      await getService(strapi, 'activity').record({ type: 'comment', linkId: link.id, imageId: image?.id ?? null });
      return toComment(created);
    },

    /** The studio's view of every thread of one link, oldest first. */
    async forLink(linkDocumentId: string) {
      const link = await strapi.db.query(LINK).findOne({ where: { documentId: linkDocumentId }, select: ['id'] });
      if (!link) throw new ShareLinkNotFoundError();
      const rows = await comments().findMany({ where: { link: { id: link.id } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], populate: { image: { select: ['documentId'] } } });
      return rows.map(toComment);
    },

    /** The studio replies in a link's thread (a photo of the link's gallery, or the gallery thread). */
    async reply(linkDocumentId: string, imageDocumentId: string | null, body: string, authorName: string | null): Promise<PublicComment> {
      const link = await strapi.db.query(LINK).findOne({ where: { documentId: linkDocumentId }, select: ['id'], populate: { gallery: { select: ['documentId'] } } });
      if (!link?.gallery) throw new ShareLinkNotFoundError();
      let imageId: number | null = null;
      if (imageDocumentId !== null) {
        const image = await strapi.db.query(IMAGE).findOne({ where: { documentId: imageDocumentId }, select: ['id'] });
        const members = image ? await getService(strapi, 'gallery-membership').members(link.gallery.documentId, [image.id]) : new Set<number>();
        if (!image || !members.has(image.id)) throw new GalleryImageNotFoundError();
        imageId = image.id;
      }
      const gallery = await strapi.db.query(GALLERY).findOne({ where: { documentId: link.gallery.documentId, publishedAt: null }, select: ['id'] });
      const studio = await getService(strapi, 'studio-settings').studio();
      const created = await comments().create({
        // A studio reply is never news to the studio: it is born notified.
        data: { link: link.id, gallery: gallery?.id ?? null, image: imageId, body, author: 'studio', authorName: authorName || studio.name, notifiedAt: new Date() },
        populate: { image: { select: ['documentId'] } },
      });
      return toComment(created);
    },

    /**
     * Mail the studio one digest of the client comments not yet notified (a scheduled task calls
     * this; any instance may). Returns how many comments the digest held (0: nothing claimed).
     */
    async sendDigest({ now = Date.now(), batch = 500 } = {}): Promise<number> {
      const studio = await getService(strapi, 'studio-settings').studio();
      const to = studio.notifyEmail;
      if (!to) return 0;
      const key = crypto.randomBytes(12).toString('hex');
      const pending = await comments().findMany({ where: { author: 'client', notifiedAt: null, notifyBatch: null }, select: ['id', 'createdAt'], orderBy: { id: 'asc' }, limit: batch });
      // The digest waits until its oldest comment is commentDigestMinutes old, collecting what follows.
      const waitMs = studio.commentDigestMinutes * 60_000;
      if (pending.length === 0 || Date.parse(pending[0].createdAt) > now - waitMs) return 0;
      // One transaction: the claim (only rows no other instance claimed first get this batch key),
      // the digest mail (an outbox row) and the comments marked notified. A failure leaves them unclaimed.
      return strapi.db.transaction(async () => {
        await comments().updateMany({ where: { id: { $in: pending.map((row: any) => row.id) }, notifyBatch: null }, data: { notifyBatch: key } });
        const claimed = await comments().findMany({
          where: { notifyBatch: key },
          orderBy: { id: 'asc' },
          populate: {
            link: { select: ['id', 'documentId', 'recipientName', 'recipientEmail'] },
            gallery: { select: ['id', 'documentId', 'title'], populate: { client: { select: ['documentId'] } } },
            image: { select: ['documentId'], populate: { file: { select: ['name'] } } },
          },
        });
        if (claimed.length === 0) return 0;
        const mail = renderMail(
          'comment-digest',
          {
            comments: claimed.map((row: any) => ({
            who: row.link?.recipientName || row.link?.recipientEmail || 'A client',
            galleryTitle: row.gallery?.title ?? 'a gallery',
            photo: row.image?.file?.name ?? null,
            body: row.body,
            // The thread, where the studio can answer; a comment whose gallery or client is gone falls back to the notifications.
            replyUrl:
              row.gallery?.client && row.link
                ? adminProofingThreadUrl(studio.publicUrl, {
                    clientDocumentId: row.gallery.client.documentId,
                    galleryDocumentId: row.gallery.documentId,
                    linkDocumentId: row.link.documentId,
                    imageDocumentId: row.image?.documentId ?? null,
                  })
                : adminActivityUrl(studio.publicUrl),
            })),
          },
          studio,
        );
        await getService(strapi, 'mail-outbox').enqueue({ kind: 'comment-digest', to, mail });
        const notifiedAt = new Date();
        await comments().updateMany({ where: { notifyBatch: key }, data: { notifiedAt } });
        // One notification per link in the digest, in the admin's list; the digest above is their mail.
        const links = new Map<number, number>();
        for (const row of claimed) if (row.link) links.set(row.link.id, (links.get(row.link.id) ?? 0) + 1);
        for (const [linkId, count] of links) {
          const galleryId = claimed.find((row: any) => row.link?.id === linkId)?.gallery?.id ?? null;
          await getService(strapi, 'activity').milestone({ kind: 'new-comments', linkId, galleryId, occurrence: key, details: { count }, notifiedAt });
        }
        return claimed.length as number;
      });
    },
  };
});

import type { Core } from '@strapi/strapi';
import { conflict, isUniqueViolation } from '../lib/errors';
import { invitationMail, type Mail } from '../share/emails';
import { galleryPageUrl } from '../share/urls';
import type { ShareWithClientInput } from '../share/validation';
import { storedSettings } from './share-link';
import { UID } from '../uids';
import { getService } from '../get-service';
import { pluginConfig } from '../config';

const GALLERY = UID.gallery;

/**
 * "Share with client": the private link for an email plus an invitation mail (HTML and text:
 * studio, gallery title, welcome note, deadline, link; never the password). The link exists
 * whether or not the mail goes out; a failed mail is visible to the studio as
 * invitationStatus 'failed' with invitationError, and retry() sends it again.
 *
 * Tokens are not stored, so every (re)send mints a new token for the link: the newest mail
 * always works, and a link that went to a wrong inbox is cut off by simply resending.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const shareLink = () => getService(strapi, 'share-link');
  const config = () => pluginConfig(strapi).share;

  /** What the visitor will see: the published version when there is one, else the draft. */
  async function galleryForMail(documentId: string) {
    const rows = await strapi.db.query(GALLERY).findMany({ where: { documentId }, select: ['title', 'welcomeNote', 'deadline', 'publishedAt'] });
    return rows.find((row: any) => row.publishedAt) ?? rows[0];
  }

  return {
    /** Send `mail` to a link's recipient and record the outcome on the link and in its activity. */
    async deliver(linkId: number, to: string, mail: Mail) {
      await shareLink().setInvitationStatus(linkId, 'pending');
      try {
        await strapi.plugin('email').service('email').send({ to, ...mail });
      } catch (error) {
        const message = (error as Error).message || 'The mail server refused the message';
        await shareLink().setInvitationStatus(linkId, 'failed', message);
        await getService(strapi, 'activity').record({ type: 'invitation-failed', linkId, details: { error: message.slice(0, 200) } });
        return { sent: false, error: message };
      }
      await shareLink().setInvitationStatus(linkId, 'sent');
      await getService(strapi, 'activity').record({ type: 'invitation-sent', linkId });
      return { sent: true, error: null };
    },

    async sendInvitation(link: { id: number; recipientEmail: string | null; recipientName: string | null; passwordHash: string | null; gallery: { documentId: string } | null }, token: string) {
      const gallery = await galleryForMail(link.gallery!.documentId);
      const url = galleryPageUrl(strapi, token);
      const mail = invitationMail({
        studioName: config().studioName,
        galleryTitle: gallery.title,
        recipientName: link.recipientName,
        welcomeNote: gallery.welcomeNote,
        deadline: gallery.deadline,
        url,
        passwordProtected: Boolean(link.passwordHash),
      });
      return { url, ...(await this.deliver(link.id, link.recipientEmail!, mail)) };
    },

    /** POST …/share-with-client: create or reuse the email's private link, (re)issue its token, invite. */
    async shareWithClient(galleryDocumentId: string, input: ShareWithClientInput) {
      const { email, name, ...settingsInput } = input;
      const settings = await storedSettings({ ...settingsInput, ...(name !== undefined ? { recipientName: name } : {}) });
      let issued: { link: any; token: string };
      try {
        issued = await shareLink().insert({ galleryDocumentId, kind: 'private', recipientEmail: email, settings });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Sharing again with the same person: same link (favourites and history stay), fresh token.
        const existing = (await shareLink().findPrivate(galleryDocumentId, email))!;
        if (Object.keys(settings).length > 0) await strapi.db.query(UID.shareLink).update({ where: { id: existing.id }, data: settings });
        issued = await shareLink().rotate(existing.id);
      }
      const delivery = await this.sendInvitation(issued.link, issued.token);
      return { link: (await shareLink().findLink({ id: issued.link.id }))!, token: issued.token, ...delivery };
    },

    /** POST …/links/:documentId/invitation/retry: a new token, mailed again. */
    async retry(linkDocumentId: string) {
      const link = await shareLink().requireLink(linkDocumentId);
      if (link.kind !== 'private' || !link.recipientEmail) throw conflict('Only a private link has a recipient to invite');
      const issued = await shareLink().rotate(link.id);
      const delivery = await this.sendInvitation(issued.link, issued.token);
      return { link: (await shareLink().findLink({ id: link.id }))!, token: issued.token, ...delivery };
    },
  };
};

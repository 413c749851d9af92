import type { Core } from '@strapi/strapi';
import { conflict, isUniqueViolation } from '../../lib/errors';
import { renderMail, type Mail } from '../../mail-templates';
import { galleryPageUrl } from '../../share/urls';
import type { ShareWithClientInput } from '../../validation/admin';
import { storedSettings } from '../../lib/link-settings';
import { UID } from '../../uids';
import { getService } from '../../get-service';

const GALLERY = UID.gallery;

/**
 * "Share with client": the private link for an email plus an invitation mail (HTML and text:
 * studio, gallery title, welcome note, deadline, link; never the password). The link's new token
 * and its invitation are written in one transaction (the mail is an outbox row), so there is never
 * a token nobody was sent, nor a mail with a token that was not saved. The studio's answer waits
 * for the first try: a failed mail is visible as invitationStatus 'failed' with invitationError,
 * the outbox keeps trying it, and retry() sends a fresh one at once.
 *
 * Tokens are not stored, so every (re)send mints a new token for the link: the newest mail
 * always works, and a link that went to a wrong inbox is cut off by simply resending. A new
 * invitation cancels the unsent ones of the same link (their token is dead).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const shareLink = () => getService(strapi, 'share-link');
  const outbox = () => getService(strapi, 'mail-outbox');

  /** What the visitor will see: the published version when there is one, else the draft. */
  async function galleryForMail(documentId: string) {
    const rows = await strapi.db.query(GALLERY).findMany({ where: { documentId }, select: ['title', 'welcomeNote', 'deadline', 'publishedAt'] });
    return rows.find((row: any) => row.publishedAt) ?? rows[0];
  }

  type InvitedLink = { id: number; recipientEmail: string | null; recipientName: string | null; passwordHash: string | null; gallery: { documentId: string } | null };

  return {
    /**
     * Queue `mail` to a link's recipient as its invitation, in the caller's transaction. `kick:
     * false` when the caller sends it itself once committed (outbox.sendNow) to report the outcome.
     */
    async enqueue(linkId: number, to: string, mail: Mail, { kick = true, kind = 'invitation' }: { kick?: boolean; kind?: 'invitation' | 'claim' } = {}) {
      await shareLink().setInvitationStatus(linkId, 'pending');
      return outbox().enqueue({ kind, to, mail, topic: `invitation:${linkId}`, supersede: true, kick });
    },

    /** The outbox reports each try of an invitation: the link shows it, and its activity keeps the first failure and the success. */
    async recordOutcome(linkId: number, outcome: { sent: boolean; error: string | null; final: boolean; attempt: number }) {
      if (outcome.sent) {
        await shareLink().setInvitationStatus(linkId, 'sent');
        await getService(strapi, 'activity').record({ type: 'invitation-sent', linkId });
        return;
      }
      await shareLink().setInvitationStatus(linkId, 'failed', outcome.error);
      if (outcome.attempt === 1 || outcome.final) {
        await getService(strapi, 'activity').record({ type: 'invitation-failed', linkId, details: { error: (outcome.error ?? '').slice(0, 200), final: outcome.final } });
      }
    },

    /** Queue the invitation of a freshly (re)issued token, in the caller's transaction; returns the outbox row. */
    async enqueueInvitation(link: InvitedLink, token: string) {
      const gallery = await galleryForMail(link.gallery!.documentId);
      const studio = await getService(strapi, 'studio-settings').studio();
      const url = galleryPageUrl(studio.publicUrl, token);
      const mail = renderMail(
        'invitation',
        {
          galleryTitle: gallery.title,
          recipientName: link.recipientName,
          welcomeNote: gallery.welcomeNote,
          deadline: gallery.deadline,
          url,
          passwordProtected: Boolean(link.passwordHash),
        },
        studio,
      );
      return { url, mailId: await this.enqueue(link.id, link.recipientEmail!, mail, { kick: false }) };
    },

    /** Issue a token (insert or rotate, given as `issue`) and queue its invitation atomically; then send it and report. */
    async issueAndInvite(issue: () => Promise<{ link: any; token: string }>) {
      const { issued, url, mailId } = await strapi.db.transaction(async () => {
        const issued = await issue();
        return { issued, ...(await this.enqueueInvitation(issued.link, issued.token)) };
      });
      const delivery = await outbox().sendNow(mailId);
      return { link: (await shareLink().findLink({ id: issued.link.id }))!, token: issued.token, url, ...delivery };
    },

    /** POST …/share-with-client: create or reuse the email's private link, (re)issue its token, invite. */
    async shareWithClient(galleryDocumentId: string, input: ShareWithClientInput) {
      const { email, name, ...settingsInput } = input;
      const named = { ...settingsInput, ...(name !== undefined ? { recipientName: name } : {}) };
      const settings = await storedSettings(named);
      const attempt = async () => {
        const existing = await shareLink().findPrivate(galleryDocumentId, email);
        // A new link starts from the studio's link defaults; sharing again changes only what was sent.
        const fresh = existing ? null : await storedSettings(await shareLink().withStudioDefaults(named));
        return this.issueAndInvite(async () => {
          if (!existing) return shareLink().insert({ galleryDocumentId, kind: 'private', recipientEmail: email, settings: fresh! });
          // Sharing again with the same person: same link (favourites and history stay), fresh token.
          if (Object.keys(settings).length > 0) {
            await strapi.db.query(UID.shareLink).update({ where: { id: existing.id }, data: shareLink().withDownloadWatermark(existing, settings) });
          }
          return shareLink().rotate(existing.id);
        });
      };
      try {
        return await attempt();
      } catch (error) {
        // A concurrent share made the link first: everything of this try rolled back; share again, now with the link.
        if (!isUniqueViolation(error)) throw error;
        return attempt();
      }
    },

    /** POST …/links/:documentId/invitation/retry: a new token, mailed again. */
    async retry(linkDocumentId: string) {
      const link = await shareLink().requireLink(linkDocumentId);
      if (link.kind !== 'private' || !link.recipientEmail) throw conflict('Only a private link has a recipient to invite');
      return this.issueAndInvite(() => shareLink().rotate(link.id));
    },
  };
};

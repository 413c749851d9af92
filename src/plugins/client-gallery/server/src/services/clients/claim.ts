import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '../../lib/errors';
import { normaliseEmail } from '../../lib/share-crypto';
import { renderMail } from '../../mail-templates';
import { galleryPageUrl } from '../../share/urls';
import type { LinkRow, ShareAccess } from '../../queries/share-rows';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

/** What every claim answers, whoever the address belongs to. */
export interface ClaimAnswer {
  /** A private link for this browser (one-step claims), or null when the link went to the inbox only. */
  token: string | null;
  emailed: true;
}

/**
 * General link → private link. POST /api/share/:token/claim {email}.
 *
 * A claim tells nobody whether an address already had a link: the status, the body and the work
 * done are the same for a new address and for a recipient.
 * - The first claim for an email creates its private link (exactly one per gallery and email,
 *   even under concurrent claims: the database's unique recipientKey decides) and mails it.
 * - A later claim never returns or rotates that link's token: anyone holding the general link
 *   could otherwise take over someone else's private link by typing their address. It mails the
 *   address a time-limited, signed access link (SHARE_CLAIM_ACCESS_TTL_HOURS) to the existing
 *   link, at most SHARE_CLAIM_MAILS_PER_WINDOW times per window, so only the inbox owner gets in and
 *   nobody can flood an inbox. Revoked private links are never revived by a claim.
 *
 * What the browser gets depends on `share.claimVerification`:
 * - on: nothing (202, token null) in both cases; the link is in the inbox;
 * - off (one step, the default): a private link of its own at once (201) in both cases. For an
 *   address that already had a link it is a new private link that names no address (an
 *   "unconfirmed claim", its own favourites and downloads, which the studio sees in the gallery's
 *   links), while the address's owner gets the access mail. It starts empty, exactly as a new
 *   address's link does, so the browser cannot tell the two apart, and the owner's favourites,
 *   selection and downloads stay theirs.
 *
 * Every claim first takes a slot in two database counters (this general link from this client
 * address, and this general link from everywhere), before anything is created or mailed: a
 * 429 leaves no link, no mail and no activity behind, on any number of server processes.
 * Each link, its activity and its mail are written in one transaction (the mail is an outbox row).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi).share;

  return {
    async claim(access: ShareAccess, email: string, clientAddress: string): Promise<ClaimAnswer> {
      const shareAccess = getService(strapi, 'share-access');
      const shareLink = getService(strapi, 'share-link');
      const activity = getService(strapi, 'activity');
      const attempts = getService(strapi, 'access-attempt');
      const { link: general, gallery } = shareAccess.authorize(access, 'claim');
      const recipientEmail = normaliseEmail(email);
      const windowMs = Number(config().unlockWindowMinutes) * 60_000;
      const verification = config().claimVerification;

      await attempts.take(`claim:${general.id}:${clientAddress}`, windowMs, Number(config().claimsPerAddress));
      await attempts.take(`claim:${general.id}`, windowMs, Number(config().claimsPerLink));

      /** A private link made from the general link, its activity and (when addressed) its mail, in one transaction. */
      const createPrivate = (addressed: boolean) =>
        strapi.db.transaction(async () => {
          const { link, token } = await shareLink.insert({
            galleryDocumentId: access.galleryDocumentId,
            kind: 'private',
            recipientEmail,
            unaddressed: !addressed,
            createdFromId: general.id,
            settings: { ...shareLink.inheritedSettings(general), ...(addressed ? {} : { recipientName: recipientEmail }) },
          });
          await activity.record({ type: 'access-claimed', linkId: link.id, details: { via: 'general-link', ...(addressed ? {} : { unconfirmed: true }) } });
          if (addressed) {
            const studio = await getService(strapi, 'studio-settings').studio();
            const mail = renderMail('claim', { galleryTitle: gallery.title, url: galleryPageUrl(studio.publicUrl, token) }, studio);
            await getService(strapi, 'invitation').enqueue(link.id, recipientEmail, mail, { kind: 'claim' });
          }
          return token;
        });

      const answer = (token: string): ClaimAnswer => ({ token: verification ? null : token, emailed: true });

      let existing = await shareLink.findPrivate(access.galleryDocumentId, recipientEmail);
      if (!existing) {
        try {
          return answer(await createPrivate(true));
        } catch (error) {
          // A concurrent claim of the same address made it first (this try left nothing behind).
          if (!isUniqueViolation(error)) throw error;
          existing = await shareLink.findPrivate(access.galleryDocumentId, recipientEmail);
        }
      }
      if (existing) await this.mailWayIn(existing, recipientEmail, gallery.title, windowMs);
      // The browser gets what a new address gets: a fresh, empty private link (or, verifying, nothing).
      return answer(verification ? '' : await createPrivate(false));
    },

    /** The owner of an existing private link is mailed a time-limited way in, a few times per window at most. */
    async mailWayIn(existing: LinkRow, recipientEmail: string, galleryTitle: string, windowMs: number) {
      const shareAccess = getService(strapi, 'share-access');
      if (!shareAccess.isLive(existing)) return;
      const { hits } = await getService(strapi, 'access-attempt').hit(`claim-mail:${existing.id}`, windowMs);
      await strapi.db.transaction(async () => {
        if (hits <= Number(config().claimMailsPerWindow)) {
          const way = getService(strapi, 'share-tokens').issueAccessToken(existing, Number(config().claimAccessTtlHours) * 3600);
          const studio = await getService(strapi, 'studio-settings').studio();
          const mail = renderMail('claim', { galleryTitle, url: galleryPageUrl(studio.publicUrl, way.token), expiresAt: way.expiresAt }, studio);
          await getService(strapi, 'mail-outbox').enqueue({ kind: 'claim-access', to: recipientEmail, mail });
        }
        await getService(strapi, 'activity').record({ type: 'access-claimed', linkId: existing.id, details: { via: 'general-link', existing: true } });
      });
    },
  };
};

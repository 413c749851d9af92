import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '../lib/errors';
import { normaliseEmail } from '../lib/share-crypto';
import { claimMail } from '../share/emails';
import { galleryPageUrl } from '../share/urls';
import type { ShareAccess } from './share-access';
import { getService } from '../get-service';
import { pluginConfig } from '../config';

/**
 * General link → private link. POST /api/share/:token/claim {email}.
 *
 * Exactly one private link per gallery and email, even under concurrent claims: the insert
 * relies on the database's unique recipientKey, and a loser of the race reads the winner's row.
 *
 * Why a repeated claim returns no token: tokens are not stored, so handing one out again would
 * mean rotating the link, and anyone holding the general link could then take over (or cut off)
 * someone else's private link just by typing their address. Instead:
 * - the first claim for an email creates the link, returns its token once and mails it;
 * - a later claim for the same email returns no token and mails that address a time-limited,
 *   signed access link (SHARE_CLAIM_ACCESS_TTL_HOURS) to the existing private link, at most
 *   SHARE_CLAIM_MAILS_PER_WINDOW times per window, so only the inbox owner gets in and nobody
 *   can use claims to flood an inbox. Revoked private links are never revived by a claim.
 *
 * Every claim first takes a slot in two database counters (this general link from this client
 * address, and this general link from everywhere), before anything is created or mailed: a
 * 429 leaves no link, no mail and no activity behind, on any number of server processes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi).share;

  return {
    async claim(access: ShareAccess, email: string, clientAddress: string) {
      const shareAccess = getService(strapi, 'share-access');
      const shareLink = getService(strapi, 'share-link');
      const activity = getService(strapi, 'activity');
      const attempts = getService(strapi, 'access-attempt');
      const { link: general, gallery } = shareAccess.authorize(access, 'claim');
      const recipientEmail = normaliseEmail(email);
      const windowMs = Number(config().unlockWindowMinutes) * 60_000;

      await attempts.take(`claim:${general.id}:${clientAddress}`, windowMs, Number(config().claimsPerAddress));
      await attempts.take(`claim:${general.id}`, windowMs, Number(config().claimsPerLink));

      try {
        const { link, token } = await shareLink.insert({
          galleryDocumentId: access.galleryDocumentId,
          kind: 'private',
          recipientEmail,
          createdFromId: general.id,
          settings: shareLink.inheritedSettings(general),
        });
        await activity.record({ type: 'access-claimed', linkId: link.id, details: { via: 'general-link' } });
        const url = galleryPageUrl(strapi, token);
        await getService(strapi, 'invitation').deliver(link.id, recipientEmail, claimMail({ studioName: config().studioName, galleryTitle: gallery.title, url }));
        return { created: true, token, emailed: true };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }

      const existing = await shareLink.findPrivate(access.galleryDocumentId, recipientEmail);
      if (existing && shareAccess.isLive(existing)) {
        const { hits } = await attempts.hit(`claim-mail:${existing.id}`, windowMs);
        if (hits <= Number(config().claimMailsPerWindow)) {
          const access = shareAccess.issueAccessToken(existing, Number(config().claimAccessTtlHours) * 3600);
          const mail = claimMail({ studioName: config().studioName, galleryTitle: gallery.title, url: galleryPageUrl(strapi, access.token), expiresAt: access.expiresAt });
          await strapi.plugin('email').service('email').send({ to: recipientEmail, ...mail }).catch((error: Error) => {
            strapi.log.warn(`Claim access mail failed: ${error.message}`);
          });
        }
        await activity.record({ type: 'access-claimed', linkId: existing.id, details: { via: 'general-link', existing: true } });
      }
      // The same answer whatever the state of the existing link: nothing to learn about other people's links.
      return { created: false, token: null, emailed: true };
    },
  };
};

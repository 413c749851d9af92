import type { Core } from '@strapi/strapi';
import { ActionNotAllowedError, SignInLinkInvalidError } from '../../lib/errors';
import { renderMail } from '../../mail-templates';
import { galleryPageUrl } from '../../share/urls';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

const USED_TICKET_WINDOW_MS = 25 * 3600_000;

/**
 * The way in that a password guesser cannot block. Wrong passwords are
 * counted per address and per link, and past the limit every unlock is refused for the window,
 * the right password included: anyone holding a private link could lock its recipient out.
 * So the recipient can ask for a one-time sign-in link, mailed to the address the studio shared
 * the link with, which unlocks the browser it is opened in and never touches those counters.
 *
 * - Asking sends nothing anywhere else, and says nothing about the address; at most
 *   `signInMailsPerWindow` mails per link per window (nobody can flood the inbox). A flood of
 *   requests only puts valid links in the recipient's own inbox.
 * - A ticket works once (its nonce's first use is counted in the database, atomically, so two
 *   processes cannot both accept it), for `signInTtlMinutes`, and only while the link's token and
 *   password are those it was mailed under.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi).share;
  const attempts = () => getService(strapi, 'access-attempt');
  const windowMs = () => Number(config().unlockWindowMinutes) * 60_000;
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  return {
    /** POST /api/share/:token/sign-in-link: mail the recipient a one-time sign-in link. */
    async request(token: unknown, clientAddress: string) {
      const shareAccess = getService(strapi, 'share-access');
      const { link, gallery } = await shareAccess.resolve(token);
      if (link.kind !== 'private' || !link.recipientEmail) {
        throw new ActionNotAllowedError('sign-in', 'sign-in links are mailed to the recipient of a private link');
      }
      if (!link.passwordHash) throw new ActionNotAllowedError('sign-in', 'this link has no password');
      await attempts().take(`sign-in-mail:${link.id}:${clientAddress}`, windowMs(), Number(config().signInMailsPerWindow));
      await attempts().take(`sign-in-mail:${link.id}`, windowMs(), Number(config().signInMailsPerWindow));

      const expiresAt = nowSeconds() + Number(config().signInTtlMinutes) * 60;
      const ticket = getService(strapi, 'share-tokens').issueSignInTicket(link, expiresAt);
      // The ticket rides in the fragment: it never reaches a server log or a Referer header.
      const studio = await getService(strapi, 'studio-settings').studio();
      const url = `${galleryPageUrl(studio.publicUrl, token as string)}#sign-in=${ticket}`;
      const mail = renderMail('sign-in', { galleryTitle: gallery?.title ?? 'your gallery', url, expiresAt: new Date(expiresAt * 1000) }, studio);
      // The mail (an outbox row) and its activity are written together; the outbox delivers it.
      await strapi.db.transaction(async () => {
        await getService(strapi, 'mail-outbox').enqueue({ kind: 'sign-in', to: link.recipientEmail!, mail });
        await getService(strapi, 'activity').record({ type: 'sign-in-sent', linkId: link.id });
      });
      return { emailed: true };
    },

    /** POST /api/share/:token/sign-in {ticket}: a valid, unused ticket unlocks this browser. */
    async signIn(token: unknown, ticket: unknown, clientAddress: string) {
      const shareAccess = getService(strapi, 'share-access');
      const { link } = await shareAccess.resolve(token);
      // Tickets are unguessable; the count only stops a client hammering the route.
      await attempts().take(`sign-in:${clientAddress}`, windowMs(), Number(config().unlockMaxAttemptsPerLink));
      const tokens = getService(strapi, 'share-tokens');
      const parsed = tokens.signInTicketFor(ticket, link);
      if (!parsed) throw new SignInLinkInvalidError();
      // A window longer than any ticket lives (signInTtlMinutes ≤ 24 h), so the count never restarts while it could be replayed.
      const { hits } = await attempts().hit(`sign-in-used:${parsed.nonce}`, USED_TICKET_WINDOW_MS);
      if (hits > 1) throw new SignInLinkInvalidError();
      await getService(strapi, 'activity').record({ type: 'signed-in', linkId: link.id });
      return tokens.issueUnlockToken(link);
    },
  };
};

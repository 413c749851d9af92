import type { Core } from '@strapi/strapi';
import { WrongPasswordError } from '../../lib/errors';
import { verifyPassword } from '../../lib/share-crypto';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

/**
 * Password unlock with brute-force protection. Each try first takes a slot in two database
 * counters (this link from this client address, and this link from everywhere) with one atomic
 * statement, and only then checks the password: concurrent guesses on several server processes
 * cannot slip past the limit. A correct password gives its slot back.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi).share;
  const attempts = () => getService(strapi, 'access-attempt');

  return {
    /** POST /api/share/:token/unlock. Returns a signed unlock token (set as cookie and returned as bearer). */
    async unlock(token: unknown, password: string, clientAddress: string) {
      const shareAccess = getService(strapi, 'share-access');
      const { link } = await shareAccess.resolve(token);
      const windowMs = Number(config().unlockWindowMinutes) * 60_000;
      const addressKey = `unlock:${link.id}:${clientAddress}`;
      const linkKey = `unlock:${link.id}`;

      await attempts().take(addressKey, windowMs, Number(config().unlockMaxAttempts));
      const byLink = await attempts().take(linkKey, windowMs, Number(config().unlockMaxAttemptsPerLink));

      if (!link.passwordHash || (await verifyPassword(password, link.passwordHash))) {
        await attempts().reset(addressKey);
        await attempts().undo(linkKey);
        return getService(strapi, 'share-tokens').issueUnlockToken(link);
      }

      await getService(strapi, 'activity').record({
        type: 'password-failed',
        linkId: link.id,
        details: { failuresInWindow: byLink.hits, windowStart: byLink.windowStart },
      });
      throw new WrongPasswordError();
    },
  };
};

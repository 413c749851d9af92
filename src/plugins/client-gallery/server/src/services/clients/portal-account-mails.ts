import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { renderMail } from '../../mail-templates';
import { PORTAL_PAGES } from '../../../../shared/page-paths';
import { getService } from '../../get-service';

const USER = 'plugin::users-permissions.user';

/**
 * The portal account's two mails, sent by users-permissions itself unless the host opts in
 * (`hostSettings.portalEmailConfirmation`, `hostSettings.portalPasswordReset`; setup/portal-mails.ts
 * puts these in its place). Then they are the plugin's templates (the studio's brand and wording,
 * a text part without markup) and go through the outbox, written in the same transaction as the
 * token they carry: a token is never stored without its mail, nor mailed without being stored.
 * Tokens, links and answers are users-permissions' own, so its confirmation and reset routes take them.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const users = () => strapi.db.query(USER);
  const studio = () => getService(strapi, 'studio-settings').studio();
  const advanced = async () => ((await strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' }).get({})) ?? {}) as Record<string, unknown>;

  return {
    /** In place of users-permissions' `user.sendConfirmationEmail(user)`: a new confirmation token, mailed. */
    async sendConfirmation(user: { id: number; email: string }) {
      const brand = await studio();
      // users-permissions' own confirmation route and token size (20 random bytes, hex).
      const token = crypto.randomBytes(20).toString('hex');
      const prefix = (strapi.config.get('api.rest.prefix') as string | undefined) ?? '/api';
      const url = `${brand.publicUrl}${prefix}/auth/email-confirmation?confirmation=${token}`;
      await strapi.db.transaction(async () => {
        await users().update({ where: { id: user.id }, data: { confirmationToken: token } });
        await getService(strapi, 'mail-outbox').enqueue({ kind: 'portal-confirmation', to: user.email, mail: renderMail('portal-confirmation', { url }, brand) });
      });
    },

    /**
     * In place of users-permissions' POST /api/auth/forgot-password: the same answer whatever the
     * address (no account, a blocked one, or one that gets the mail), users-permissions' token
     * (64 random bytes, hex) and its reset page setting (`<page>?code=<token>`).
     */
    async forgotPassword(email: string) {
      const user = await users().findOne({ where: { email: email.toLowerCase() }, select: ['id', 'email', 'blocked'] });
      if (!user || user.blocked) return;
      const brand = await studio();
      const page = (await advanced()).email_reset_password;
      const base = typeof page === 'string' && page ? page : `${brand.publicUrl}${PORTAL_PAGES.resetPassword}`;
      const token = crypto.randomBytes(64).toString('hex');
      await strapi.db.transaction(async () => {
        await users().update({ where: { id: user.id }, data: { resetPasswordToken: token } });
        await getService(strapi, 'mail-outbox').enqueue({
          kind: 'portal-reset-password',
          to: user.email,
          mail: renderMail('portal-reset-password', { url: `${base}?code=${token}` }, brand),
        });
      });
    },
  };
};

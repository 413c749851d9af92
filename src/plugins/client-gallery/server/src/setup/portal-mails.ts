import type { Context } from 'koa';
import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../config';
import { getService } from '../get-service';
import { validateForgotPassword } from '../validation/share';

/**
 * With the host's opt-in, the portal account's mails are the plugin's (services/clients/
 * portal-account-mails.ts) instead of users-permissions' stock ones, whose text part is their HTML:
 * - `hostSettings.portalEmailConfirmation`: users-permissions' `user.sendConfirmationEmail`, which
 *   its register and send-email-confirmation routes call;
 * - `hostSettings.portalPasswordReset`: its `auth.forgotPassword` action.
 * Set in register: Strapi binds each route's action when it mounts the routers, before bootstrap.
 * Without an opt-in nothing of users-permissions changes.
 */
export function replacePortalMails(strapi: Core.Strapi) {
  const { hostSettings } = pluginConfig(strapi);
  const usersPermissions = strapi.plugin('users-permissions');
  if (!usersPermissions) return;
  const mails = () => getService(strapi, 'portal-account-mails');
  if (hostSettings.portalEmailConfirmation) {
    const users = usersPermissions.service('user') as { sendConfirmationEmail: (user: { id: number; email: string }) => Promise<void> };
    users.sendConfirmationEmail = (user) => mails().sendConfirmation(user);
  }
  if (hostSettings.portalPasswordReset) {
    const auth = usersPermissions.controller('auth') as { forgotPassword: (ctx: Context) => Promise<void> };
    auth.forgotPassword = async (ctx: Context) => {
      const { email } = validateForgotPassword(ctx.request.body ?? {});
      await mails().forgotPassword(email);
      ctx.body = { ok: true };
    };
  }
}

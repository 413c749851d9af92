import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../config';
import { getService } from '../get-service';
import { PORTAL_ACTIONS } from '../routes/portal';
import { PORTAL_PAGES } from '../../../shared/page-paths';

const ROLE = 'plugin::users-permissions.role';
const PERMISSION = 'plugin::users-permissions.permission';

/**
 * Logged-in clients (users-permissions "Authenticated") may use the two portal routes: they are
 * the plugin's own routes, useless without it. The portal service trusts only confirmed emails,
 * so an unconfirmed account sees nothing whatever users-permissions is set to.
 *
 * Two more things the portal wants are settings of another plugin, so each is an opt-in:
 * - `hostSettings.portalEmailConfirmation` turns users-permissions' email confirmation on (without
 *   it, clients who register can never confirm and the portal stays empty for them), with the
 *   confirmation link landing back on /portal;
 * - `hostSettings.portalPasswordReset` points the reset-password mail at the portal's reset page
 *   (users-permissions mails `<email_reset_password>?code=<token>`). Only while the host has no
 *   link of its own there: a studio's own reset page is never replaced.
 * With either opt-in, that mail is also the plugin's own template (setup/portal-mails.ts).
 */
async function setUpPortal(strapi: Core.Strapi) {
  const role = await strapi.db.query(ROLE).findOne({ where: { type: 'authenticated' } });
  if (role) {
    for (const action of PORTAL_ACTIONS) {
      const existing = await strapi.db.query(PERMISSION).findOne({ where: { action, role: role.id } });
      if (!existing) await strapi.db.query(PERMISSION).create({ data: { action, role: role.id } });
    }
  }

  const { hostSettings } = pluginConfig(strapi);
  if (!hostSettings.portalEmailConfirmation && !hostSettings.portalPasswordReset) return;
  const store = strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' });
  const advanced = ((await store.get({})) ?? {}) as Record<string, unknown>;
  const base = (await getService(strapi, 'studio-settings').studio()).publicUrl;
  const changes: Record<string, unknown> = {};
  if (hostSettings.portalEmailConfirmation && advanced.email_confirmation !== true) {
    changes.email_confirmation = true;
    changes.email_confirmation_redirection = advanced.email_confirmation_redirection || `${base}${PORTAL_PAGES.home}`;
  }
  if (hostSettings.portalPasswordReset && !advanced.email_reset_password) changes.email_reset_password = `${base}${PORTAL_PAGES.resetPassword}`;
  if (Object.keys(changes).length > 0) await store.set({ value: { ...advanced, ...changes } });
}

/**
 * The portal needs users-permissions' roles and settings, which its bootstrap creates on a first
 * boot; plugins bootstrap in the order the host lists them, so this one may come first. The setup
 * therefore runs right after users-permissions' own bootstrap, whatever the order.
 */
export function setUpPortalAfterUsersPermissions(strapi: Core.Strapi) {
  const usersPermissions = strapi.get('modules').get('plugin::users-permissions') as { bootstrap: () => Promise<void> } | undefined;
  if (!usersPermissions) return;
  const bootstrap = usersPermissions.bootstrap.bind(usersPermissions);
  usersPermissions.bootstrap = async () => {
    await bootstrap();
    await setUpPortal(strapi);
  };
}

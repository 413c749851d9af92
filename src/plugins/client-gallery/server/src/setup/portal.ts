import type { Core } from '@strapi/strapi';
import { pluginConfig } from '../config';
import { PORTAL_ACTIONS } from '../routes/portal';

const ROLE = 'plugin::users-permissions.role';
const PERMISSION = 'plugin::users-permissions.permission';

/**
 * Logged-in clients (users-permissions "Authenticated") may use the two portal routes: they are
 * the plugin's own routes, useless without it. The portal service trusts only confirmed emails,
 * so an unconfirmed account sees nothing whatever users-permissions is set to.
 *
 * Turning users-permissions' email confirmation on is a setting of another plugin, so it is an
 * opt-in (`hostSettings.portalEmailConfirmation`): without it, clients who register can never
 * confirm and the portal stays empty for them.
 */
async function setUpPortal(strapi: Core.Strapi) {
  const role = await strapi.db.query(ROLE).findOne({ where: { type: 'authenticated' } });
  if (role) {
    for (const action of PORTAL_ACTIONS) {
      const existing = await strapi.db.query(PERMISSION).findOne({ where: { action, role: role.id } });
      if (!existing) await strapi.db.query(PERMISSION).create({ data: { action, role: role.id } });
    }
  }

  if (!pluginConfig(strapi).hostSettings.portalEmailConfirmation) return;
  const store = strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' });
  const advanced = ((await store.get({})) ?? {}) as Record<string, unknown>;
  if (advanced.email_confirmation === true) return;
  const base = pluginConfig(strapi).share.publicUrl || (strapi.config.get('server.absoluteUrl') as string) || '';
  await store.set({
    value: {
      ...advanced,
      email_confirmation: true,
      email_confirmation_redirection: advanced.email_confirmation_redirection || `${base.replace(/\/+$/, '')}/portal`,
    },
  });
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

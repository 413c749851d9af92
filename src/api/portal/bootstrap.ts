import type { Core } from '@strapi/strapi';

const PORTAL_ACTIONS = ['api::portal.portal.galleries', 'api::portal.portal.open'];

/**
 * The portal trusts an account's email only once it is confirmed, so users-permissions must ask
 * for confirmation (otherwise anyone could register as anyone's address). On by default;
 * PORTAL_EMAIL_CONFIRMATION=false turns it off for a closed demo. Logged-in clients may use the
 * two portal routes and nothing else this app adds.
 */
export async function bootstrapPortal(strapi: Core.Strapi) {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  if (role) {
    for (const action of PORTAL_ACTIONS) {
      const existing = await strapi.db.query('plugin::users-permissions.permission').findOne({ where: { action, role: role.id } });
      if (!existing) await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
    }
  }

  const store = strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' });
  const advanced = ((await store.get()) ?? {}) as Record<string, unknown>;
  const wanted = process.env.PORTAL_EMAIL_CONFIRMATION !== 'false';
  if (advanced.email_confirmation !== wanted) {
    const base = (strapi.config.get('share.publicUrl') as string) || (strapi.config.get('server.absoluteUrl') as string) || '';
    await store.set({
      value: {
        ...advanced,
        email_confirmation: wanted,
        email_confirmation_redirection: advanced.email_confirmation_redirection || `${base.replace(/\/+$/, '')}/portal`,
      },
    });
  }
}

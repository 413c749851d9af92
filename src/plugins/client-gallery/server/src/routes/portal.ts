import { DOMAIN_ERRORS, NO_STORE } from './helpers';

/**
 * The client portal: users-permissions accounts. Strapi's content-API auth applies; the
 * Authenticated role is granted exactly these two actions at bootstrap.
 */
export const PORTAL_ACTIONS = ['plugin::client-gallery.portal.galleries', 'plugin::client-gallery.portal.open'];

export default {
  type: 'content-api' as const,
  prefix: '',
  routes: [
    { method: 'GET', path: '/portal/galleries', handler: 'portal.galleries', config: { middlewares: [NO_STORE, DOMAIN_ERRORS] } },
    { method: 'POST', path: '/portal/galleries/:id/open', handler: 'portal.open', config: { middlewares: [NO_STORE, DOMAIN_ERRORS] } },
  ],
};

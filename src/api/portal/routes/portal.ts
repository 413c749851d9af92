/**
 * Portal routes use Strapi's normal content-API auth: the users-permissions "Authenticated" role
 * is granted exactly these two actions at bootstrap (src/index.ts).
 */
export default {
  routes: [
    { method: 'GET', path: '/portal/galleries', handler: 'api::portal.portal.galleries', config: { middlewares: ['global::domain-errors'] } },
    { method: 'POST', path: '/portal/galleries/:id/open', handler: 'api::portal.portal.open', config: { middlewares: ['global::domain-errors'] } },
  ],
};

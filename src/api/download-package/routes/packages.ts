import { publicRoutes } from '../../../lib/routes';

/** Link-visitor routes: the share token (or the signed package token) is the capability. */
const publicRoute = publicRoutes('api::download-package.packages');

export default {
  routes: [publicRoute('POST', '/share/:token/packages', 'create'), publicRoute('GET', '/packages/:packageToken', 'open')],
};

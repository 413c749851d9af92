import { publicRoutes } from '../../../lib/routes';

/** Link-visitor routes: `auth: false` because the link token is the capability; share-access decides. */
const publicRoute = publicRoutes('api::download-grant.downloads');

export default {
  routes: [
    publicRoute('GET', '/share/:token/downloads', 'view'),
    publicRoute('POST', '/share/:token/downloads', 'add'),
    publicRoute('DELETE', '/share/:token/downloads/:imageId', 'remove'),
    publicRoute('GET', '/share/:token/images/:imageId/download', 'single'),
  ],
};

import { publicRoutes } from '../../../lib/routes';

/**
 * Public share API: `auth: false` because the link token is the capability; share-access does
 * every check itself (and the services check again).
 */
const publicRoute = publicRoutes('api::share-link.share');

export default {
  routes: [
    publicRoute('GET', '/share/:token', 'view'),
    publicRoute('POST', '/share/:token/unlock', 'unlock'),
    publicRoute('GET', '/share/:token/images', 'images'),
    publicRoute('PUT', '/share/:token/favourites/:imageId', 'addFavourite'),
    publicRoute('DELETE', '/share/:token/favourites/:imageId', 'removeFavourite'),
    publicRoute('POST', '/share/:token/claim', 'claim'),
  ],
};

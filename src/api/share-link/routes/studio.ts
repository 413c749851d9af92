import { studioRoutes } from '../../../lib/routes';

/**
 * Share-link management for the studio over REST (API tokens or users-permissions roles granted
 * these actions). The admin panel uses the client-gallery plugin's admin routes instead.
 */
const route = studioRoutes('api::share-link.share-link');

export default {
  routes: [
    route('POST', '/share-links', 'createLink'),
    route('POST', '/share-links/share-with-client', 'shareWithClient'),
    route('PUT', '/share-links/:documentId', 'updateSettings'),
    route('POST', '/share-links/:documentId/revoke', 'revoke'),
    route('POST', '/share-links/:documentId/regenerate', 'regenerate'),
    route('POST', '/share-links/:documentId/invitation/retry', 'retryInvitation'),
  ],
};

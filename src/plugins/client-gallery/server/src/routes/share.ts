import { openRoute, visitorRoute } from './helpers';

/**
 * The public share API (DESIGN.md "Public share API"), one router for the link-visitor audience.
 * Paths are stable and unprefixed (`/api/share/...`): pages and headless clients depend on them.
 * Every `:token` route resolves the visitor once (policy `visitor`); the services authorize the
 * action again on their first line.
 */
export default {
  type: 'content-api' as const,
  prefix: '',
  routes: [
    visitorRoute('GET', '/share/:token', 'share.view'),
    openRoute('POST', '/share/:token/unlock', 'share.unlock'),
    // A private link's recipient gets past a locked password by mail (services/share/share-sign-in.ts).
    openRoute('POST', '/share/:token/sign-in-link', 'share.requestSignIn'),
    openRoute('POST', '/share/:token/sign-in', 'share.signIn'),
    visitorRoute('GET', '/share/:token/images', 'share.images'),
    visitorRoute('PUT', '/share/:token/favourites/:imageId', 'share.addFavourite'),
    visitorRoute('DELETE', '/share/:token/favourites/:imageId', 'share.removeFavourite'),
    visitorRoute('POST', '/share/:token/claim', 'share.claim'),
    // Proofing: the selection, distinct from favourites, and its confirmed rounds.
    visitorRoute('GET', '/share/:token/selection', 'proofing.selection'),
    visitorRoute('POST', '/share/:token/selection/confirm', 'proofing.confirm'),
    visitorRoute('GET', '/share/:token/selection/rounds', 'proofing.rounds'),
    visitorRoute('PUT', '/share/:token/selection/:imageId', 'proofing.select'),
    visitorRoute('DELETE', '/share/:token/selection/:imageId', 'proofing.unselect'),
    // Comment threads: the gallery's, and one per photo.
    visitorRoute('GET', '/share/:token/comments', 'proofing.galleryComments'),
    visitorRoute('POST', '/share/:token/comments', 'proofing.commentGallery'),
    visitorRoute('GET', '/share/:token/images/:imageId/comments', 'proofing.imageComments'),
    visitorRoute('POST', '/share/:token/images/:imageId/comments', 'proofing.commentImage'),
    // Advanced review marks.
    visitorRoute('GET', '/share/:token/review', 'proofing.review'),
    visitorRoute('PUT', '/share/:token/images/:imageId/review', 'proofing.markReview'),
    visitorRoute('GET', '/share/:token/downloads', 'downloads.view'),
    visitorRoute('POST', '/share/:token/downloads', 'downloads.add'),
    visitorRoute('DELETE', '/share/:token/downloads/:imageId', 'downloads.remove'),
    visitorRoute('GET', '/share/:token/images/:imageId/download', 'downloads.single'),
    visitorRoute('POST', '/share/:token/packages', 'packages.create'),
    // The OpenAPI 3.1 document of this router and the portal's (share/openapi.ts).
    openRoute('GET', '/share-api/openapi.json', 'share.openapi'),
    // The package token is its own capability (signed, bound to its link).
    openRoute('GET', '/packages/:packageToken', 'packages.open'),
    openRoute('GET', '/packages/:packageToken/status', 'packages.status'),
  ],
};

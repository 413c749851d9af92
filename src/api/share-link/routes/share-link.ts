import { factories } from '@strapi/strapi';

// Reading and deleting are Strapi's own (private fields are sanitized away). Creating and changing
// links goes through the custom routes in studio.ts, so tokens and password hashes are made by the service.
export default factories.createCoreRouter('api::share-link.share-link', {
  only: ['find', 'findOne', 'delete'],
});

import { factories } from '@strapi/strapi';

// Merges are read, created (a merge) and undone; never edited or deleted, so history stays true.
export default factories.createCoreRouter('api::client-merge.client-merge', {
  only: ['find', 'findOne', 'create'],
});

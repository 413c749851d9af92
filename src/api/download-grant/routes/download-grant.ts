import { factories } from '@strapi/strapi';

// Grants are counted only by download-grant.take; the REST API may read them, never write them.
export default factories.createCoreRouter('api::download-grant.download-grant', { only: ['find', 'findOne'] });

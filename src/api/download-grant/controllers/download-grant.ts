import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::download-grant.download-grant');

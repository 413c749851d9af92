import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::download-package.download-package');

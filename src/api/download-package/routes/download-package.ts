import { factories } from '@strapi/strapi';

// Packages are made through POST /api/share/:token/packages, which takes the grants; REST only reads them.
export default factories.createCoreRouter('api::download-package.download-package', { only: ['find', 'findOne'] });

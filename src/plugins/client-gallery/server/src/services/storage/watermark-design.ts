import { factories } from '@strapi/strapi';

export default factories.createCoreService('plugin::client-gallery.watermark-design');

import { factories } from '@strapi/strapi';

export default factories.createCoreController('plugin::client-gallery.watermark-design');

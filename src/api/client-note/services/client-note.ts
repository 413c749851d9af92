import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::client-note.client-note');

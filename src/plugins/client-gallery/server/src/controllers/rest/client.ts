import { factories } from '@strapi/strapi';
import { UID } from '../../uids';

export default factories.createCoreController(UID.client);

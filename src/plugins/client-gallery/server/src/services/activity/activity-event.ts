import { factories } from '@strapi/strapi';
import { UID } from '../../uids';

export default factories.createCoreService(UID.activityEvent);

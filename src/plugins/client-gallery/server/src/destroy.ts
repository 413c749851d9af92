import type { Core } from '@strapi/strapi';
import { getService } from './get-service';

/**
 * Shutting down (SIGTERM, a deploy, a test's end) waits for work that runs after its request
 * answered: milestone mails and package preparations. They need the database, which closes
 * right after this; an interrupted preparation would otherwise wait for the stale-package task.
 */
export default async function destroy({ strapi }: { strapi: Core.Strapi }) {
  await Promise.allSettled([getService(strapi, 'activity').settled(), getService(strapi, 'download-package').settled()]);
}

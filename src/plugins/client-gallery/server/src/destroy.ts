import type { Core } from '@strapi/strapi';
import { getService } from './get-service';

/**
 * Shutting down (SIGTERM, a deploy, a test's end) waits for work that runs after its request
 * answered: package preparations and the outbox's sender. They need the database, which closes
 * right after this; an interrupted preparation would otherwise wait for the stale-package task,
 * an interrupted mail for its lease to run out.
 */
export default async function destroy({ strapi }: { strapi: Core.Strapi }) {
  // Packages first: a preparation that ends queues its "ready" mail, which the sender then delivers.
  await Promise.allSettled([getService(strapi, 'download-package').settled()]);
  await Promise.allSettled([getService(strapi, 'mail-outbox').settled()]);
}

import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { reminderDaysProblem } from '../lib/deadline';
import { UID } from '../uids';

/**
 * A gallery's own reminder days are a JSON attribute, which Strapi stores as given. The studio's
 * admin route checks them (services/gallery.ts); this checks them whatever else writes a gallery
 * (the REST routes, the Content Manager), so the reminder task never meets a schedule it cannot
 * follow: 400 with the reason, nothing saved.
 */
export function registerGalleryReminderHooks(strapi: Core.Strapi) {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== UID.gallery || !['create', 'update'].includes(context.action)) return next();
    const data = (context.params as { data?: Record<string, unknown> }).data;
    if (data && 'reminderDays' in data && data.reminderDays !== undefined) {
      const problem = reminderDaysProblem(data.reminderDays);
      if (problem) throw new errors.ValidationError(problem, { field: 'reminderDays' });
    }
    return next();
  });
}

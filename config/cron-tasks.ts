/**
 * Scheduled work. Every instance runs these; each task claims its rows in the database, so
 * running on several instances at once is safe.
 */
export default {
  /** Packages whose preparing instance died are picked up again. */
  resumeStalePackages: {
    task: async ({ strapi }) => {
      await strapi.service('api::download-package.download-package').resumeStale();
    },
    options: { rule: '*/1 * * * *' },
  },
  /** Packages past their expiry are marked "expired". */
  expirePackages: {
    task: async ({ strapi }) => {
      await strapi.service('api::download-package.download-package').expireOld();
    },
    options: { rule: '*/15 * * * *' },
  },
  /** Milestone mails that failed (SMTP down) are sent again, once each, by whichever instance claims them. */
  retryMilestoneMails: {
    task: async ({ strapi }) => {
      await strapi.service('api::activity-event.activity').retryNotifications();
    },
    options: { rule: '*/5 * * * *' },
  },
  /** Attempt counters (unlock, claim) whose window closed a day ago are deleted: the table stays small. */
  pruneAccessAttempts: {
    task: async ({ strapi }) => {
      const windowMs = Number(strapi.config.get('share.unlockWindowMinutes', 15)) * 60_000;
      await strapi.service('api::access-attempt.access-attempt').prune(windowMs + 24 * 3600_000);
    },
    options: { rule: '17 * * * *' },
  },
};

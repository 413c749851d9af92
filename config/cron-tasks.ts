/**
 * Scheduled work. Every instance runs these; each task claims its rows in the database, so
 * running on several instances at once is safe.
 */
const every = (rule: string, run: (strapi: any) => Promise<unknown>) => ({
  task: async ({ strapi }) => {
    await run(strapi);
  },
  options: { rule },
});

export default {
  /** Packages whose preparing instance died are picked up again. */
  resumeStalePackages: every('*/1 * * * *', (strapi) => strapi.service('api::download-package.download-package').resumeStale()),
  /** Packages past their expiry are marked "expired". */
  expirePackages: every('*/15 * * * *', (strapi) => strapi.service('api::download-package.download-package').expireOld()),
  /** Milestone mails that failed (SMTP down) are sent again, once each, by whichever instance claims them. */
  retryMilestoneMails: every('*/5 * * * *', (strapi) => strapi.service('api::activity-event.activity').retryNotifications()),
  /** Attempt counters (unlock, claim, log-in) whose window closed a day ago are deleted: the table stays small. */
  pruneAccessAttempts: every('17 * * * *', (strapi) => {
    const windowMs = Number(strapi.config.get('share.unlockWindowMinutes', 15)) * 60_000;
    return strapi.service('api::access-attempt.access-attempt').prune(windowMs + 24 * 3600_000);
  }),
};

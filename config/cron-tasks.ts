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
};

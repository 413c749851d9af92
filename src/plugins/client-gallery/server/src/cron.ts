import type { Core } from '@strapi/strapi';
import { pluginConfig } from './config';
import { getService } from './get-service';

/**
 * Scheduled work, registered by the plugin itself (config `cron.enabled`). Every instance runs
 * these; each task claims its rows in the database, so several instances at once are safe.
 */
const TASKS: Record<string, { rule: string; run: (strapi: Core.Strapi) => Promise<unknown> }> = {
  /** Packages whose preparing instance died are picked up again. */
  resumeStalePackages: { rule: '*/1 * * * *', run: (strapi) => getService(strapi, 'download-package').resumeStale() },
  /** Variant jobs (ahead-of-need renders) that are queued, or whose process died, are taken up. */
  sweepVariantJobs: { rule: '*/1 * * * *', run: (strapi) => getService(strapi, 'variant-job').sweep() },
  /** Packages past their expiry are marked "expired". */
  expirePackages: { rule: '*/15 * * * *', run: (strapi) => getService(strapi, 'download-package').expireOld() },
  /** The outbox: due mails (new ones a dead process left, retries after their wait) are sent, each once, by whichever instance takes it. */
  sendMail: { rule: '*/10 * * * * *', run: (strapi) => getService(strapi, 'mail-outbox').deliverDue() },
  /** Sent and cancelled mails are kept 30 days for the studio's view, then deleted (their bodies went at sending). */
  pruneSentMail: { rule: '23 3 * * *', run: (strapi) => getService(strapi, 'mail-outbox').prune(30 * 24 * 3600_000) },
  /** Proofing galleries past their deadline are locked in storage too (requests already treat them as locked), and the studio told once. */
  lockPassedDeadlines: { rule: '*/5 * * * *', run: (strapi) => getService(strapi, 'deadline').lockPassed() },
  /** "N days left" reminders to recipients who have not confirmed, each once per link and day count. */
  sendDeadlineReminders: { rule: '7,37 * * * *', run: (strapi) => getService(strapi, 'deadline').sendReminders() },
  /** New client comments go to the studio as one digest (see comment.sendDigest). */
  sendCommentDigest: { rule: '*/1 * * * *', run: (strapi) => getService(strapi, 'comment').sendDigest() },
  /** What killed processes left behind (orphan stored files, `.part` files, temp folders); once per `sweeper.periodSeconds` across instances. */
  sweepLeftovers: { rule: '*/5 * * * *', run: (strapi) => getService(strapi, 'leftover-sweeper').sweep() },
  /** Attempt counters (unlock, claim, log-in) whose window closed a day ago are deleted: the table stays small. */
  pruneAccessAttempts: {
    rule: '17 * * * *',
    run: (strapi) => getService(strapi, 'access-attempt').prune(pluginConfig(strapi).share.unlockWindowMinutes * 60_000 + 24 * 3600_000),
  },
};

export function registerCronTasks(strapi: Core.Strapi) {
  if (!pluginConfig(strapi).cron.enabled) return;
  const tasks = Object.fromEntries(
    Object.entries(TASKS).map(([name, { rule, run }]) => [
      `client-gallery.${name}`,
      {
        options: { rule },
        task: async () => {
          try {
            await run(strapi);
          } catch (error) {
            strapi.log.error(`client-gallery cron ${name}: ${(error as Error).message}`);
          }
        },
      },
    ]),
  );
  strapi.cron.add(tasks);
}

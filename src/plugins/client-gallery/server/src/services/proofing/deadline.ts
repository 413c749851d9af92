import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '../../lib/errors';
import { deadlinePassed, REMINDER_DAYS_MAX, reminderDue, reminderScheduleOf } from '../../lib/deadline';
import { phaseOf } from '../../lib/selection-rules';
import { renderMail } from '../../mail-templates';
import { adminActivityUrl, galleryPageUrl } from '../../share/urls';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

const GALLERY = UID.gallery;
const LINK = UID.shareLink;
const SELECTION = UID.selection;
const EVENT = UID.activityEvent;

/**
 * Deadlines that act, run by scheduled tasks on any number of instances; every
 * method takes the clock as an argument, so tests drive time.
 *
 * - lockPassed: a published proofing gallery whose deadline passed is flipped to locked (its
 *   published and draft rows), and the studio is told once. Requests already treat it as locked
 *   (share-access applies lib/deadline.ts effectiveStage), so this only makes it true in storage.
 * - sendReminders: "N days left" mails to private recipients who have not confirmed a selection,
 *   on the gallery's own schedule (its `reminderDays`, none when `remindersEnabled` is false) or
 *   the studio's reminder days (studio-settings: saved, else the config's `proofing.reminderDays`).
 *
 * Once-only effects are claimed in the database: the stage flip is a conditional UPDATE (only
 * the instance that changes the published row from proofing notifies), and each reminder is an
 * activity event with a unique key per link, deadline and day count. Each claim and its mail (an
 * outbox row) are one transaction; the outbox delivers the mail, with retries.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => pluginConfig(strapi);

  /** Tell the studio once per gallery and deadline: the event and its mail, in the caller's transaction (the flip's). */
  async function notifyStudio(gallery: any, now: Date) {
    const reached = await getService(strapi, 'activity').milestone({
      kind: 'deadline-passed',
      galleryId: gallery.id,
      occurrence: String(gallery.deadline),
      details: { deadline: gallery.deadline, automatic: true },
      notifiedAt: now,
    });
    if (!reached) return; // told before, for this deadline
    const studio = await getService(strapi, 'studio-settings').studio();
    const to = studio.notifyEmail;
    if (!to) return;
    const mail = renderMail('deadline-passed', { galleryTitle: gallery.title, clientName: gallery.client?.name ?? null, adminUrl: adminActivityUrl(studio.publicUrl) }, studio);
    await getService(strapi, 'mail-outbox').enqueue({ kind: 'deadline-passed', to, mail });
  }

  /**
   * Published proofing galleries with a deadline in [from, to], nearest first, read in keyset
   * pages of 500: every one is seen on each run, however many studios' galleries are due.
   */
  async function* galleriesDueBy(from: string, to: string) {
    const base = { stage: 'proofing', selectionAllowed: true, publishedAt: { $notNull: true } };
    let after: { deadline: string; id: number } | null = null;
    for (;;) {
      const where: Record<string, unknown> = after
        ? { ...base, $or: [{ deadline: { $gt: after.deadline, $lte: to } }, { deadline: after.deadline, id: { $gt: after.id } }] }
        : { ...base, deadline: { $gte: from, $lte: to } };
      const page = await strapi.db.query(GALLERY).findMany({
        where,
        select: ['id', 'documentId', 'title', 'deadline', 'remindersEnabled', 'reminderDays'],
        orderBy: [{ deadline: 'asc' }, { id: 'asc' }],
        limit: 500,
      });
      yield* page;
      if (page.length < 500) return;
      const last = page[page.length - 1];
      after = { deadline: last.deadline, id: last.id };
    }
  }

  return {
    /** Flip published proofing galleries past their deadline to locked; returns the documentIds flipped by this call. */
    async lockPassed(now = Date.now()): Promise<string[]> {
      const candidates = await strapi.db.query(GALLERY).findMany({
        where: { stage: 'proofing', publishedAt: { $notNull: true }, deadline: { $notNull: true, $lt: new Date(now).toISOString().slice(0, 10) } },
        select: ['id', 'documentId', 'title', 'deadline'],
        populate: { client: { select: ['id', 'name'] } },
        limit: 200,
      });
      const flipped: string[] = [];
      for (const gallery of candidates) {
        if (!deadlinePassed(gallery.deadline, now)) continue;
        // The flip, the draft's and the studio's notice (event and outbox mail) commit together.
        const won = await strapi.db.transaction(async () => {
          const { count } = await strapi.db.query(GALLERY).updateMany({ where: { id: gallery.id, stage: 'proofing' }, data: { stage: 'locked' } });
          if (count !== 1) return false; // another instance flipped it first
          // The draft follows, so the admin shows the stage the visitor gets (a later publish keeps it).
          await strapi.db
            .query(GALLERY)
            .updateMany({ where: { documentId: gallery.documentId, publishedAt: null, stage: 'proofing' }, data: { stage: 'locked' } });
          await notifyStudio(gallery, new Date(now));
          return true;
        });
        if (won) flipped.push(gallery.documentId);
      }
      return flipped;
    },

    /** Send due reminders; returns the links reminded by this call (`<link documentId>:<days>`). */
    async sendReminders(now = Date.now()): Promise<string[]> {
      const studio = await getService(strapi, 'studio-settings').studio();
      const defaults = studio.reminderDays;
      const today = new Date(now).toISOString().slice(0, 10);
      // A gallery may have its own days (up to REMINDER_DAYS_MAX), so look that far ahead; each gallery's schedule decides below.
      const horizon = new Date(now + REMINDER_DAYS_MAX * 24 * 3600_000).toISOString().slice(0, 10);
      const sent: string[] = [];
      const shareAccess = getService(strapi, 'share-access');
      for await (const gallery of galleriesDueBy(today, horizon)) {
        const due = reminderDue(gallery.deadline, now, reminderScheduleOf(gallery, defaults));
        if (!due) continue;
        const links = await strapi.db.query(LINK).findMany({
          where: { gallery: { documentId: gallery.documentId }, kind: 'private', recipientEmail: { $notNull: true }, revokedAt: null },
          select: ['id', 'documentId', 'recipientEmail', 'recipientName', 'tokenHash', 'expiresAt', 'revokedAt'],
        });
        for (const link of links) {
          if (!shareAccess.isLive(link, now)) continue;
          const latest = await strapi.db.query(SELECTION).findOne({ where: { link: { id: link.id } }, orderBy: { round: 'desc' } });
          if (phaseOf(latest).confirmed) continue;
          // Claim every due reminder; the mail goes only if the nearest one was not claimed before.
          // Claims and the mail (an outbox row) commit together; a concurrent instance's claim
          // (a unique violation) rolls this one back, and that instance sends the mail.
          try {
            const mailed = await strapi.db.transaction(async () => {
              let claimedNearest = false;
              for (const d of due.due) {
                const milestoneKey = `${link.id}:reminder:${gallery.deadline}:${d}`;
                if (await strapi.db.query(EVENT).findOne({ where: { milestoneKey }, select: ['id'] })) continue;
                await strapi.db.query(EVENT).create({
                  data: { type: 'reminder-sent', link: link.id, gallery: gallery.id, milestoneKey, details: { daysBefore: d, deadline: gallery.deadline, mailed: d === due.send } },
                });
                if (d === due.send) claimedNearest = true;
              }
              if (!claimedNearest) return false;
              const access = getService(strapi, 'share-tokens').issueAccessToken(link, config().share.claimAccessTtlHours * 3600);
              const mail = renderMail(
                'reminder',
                {
                  galleryTitle: gallery.title,
                  deadline: gallery.deadline,
                  daysLeft: due.send,
                  url: galleryPageUrl(studio.publicUrl, access.token),
                  recipientName: link.recipientName,
                },
                studio,
              );
              await getService(strapi, 'mail-outbox').enqueue({ kind: 'reminder', to: link.recipientEmail, mail });
              return true;
            });
            if (mailed) sent.push(`${link.documentId}:${due.send}`);
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
          }
        }
      }
      return sent;
    },
  };
};

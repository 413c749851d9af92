import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { afterFailure, describeMailError, type RetryPolicy } from '../../lib/mail-retry';
import { conflict, MailNotFoundError } from '../../lib/errors';
import type { AdminMail } from '../../../../shared/contracts';
import type { Mail } from '../../mail-templates';
import { UID } from '../../uids';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

const OUTBOX = UID.outboxMail;

export type MailKind =
  | 'invitation'
  | 'claim'
  | 'claim-access'
  | 'sign-in'
  | 'package-preparing'
  | 'package-ready'
  | 'reminder'
  | 'deadline-passed'
  | 'comment-digest'
  | 'milestone'
  | 'portal-confirmation'
  | 'portal-reset-password';

export interface Enqueue {
  kind: MailKind;
  to: string;
  mail: Mail;
  /**
   * What the mail is about, e.g. `invitation:<link id>`. A mail with `supersede` cancels the
   * unsent mails of its topic (an invitation whose token was replaced must not go out later).
   */
  topic?: string;
  supersede?: boolean;
  /** false: the caller sends it itself right after commit (sendNow) and waits for the outcome. */
  kick?: boolean;
}

export interface DeliveryOutcome {
  sent: boolean;
  error: string | null;
}

const iso = (value: unknown) => (value ? new Date(value as string).toISOString() : null);
const toAdminMail = (row: any): AdminMail => ({
  id: row.documentId,
  kind: row.kind,
  recipient: row.recipient,
  subject: row.subject ?? null,
  status: row.status,
  attempts: row.attempts ?? 0,
  lastError: row.lastError ?? null,
  nextAttemptAt: iso(row.nextAttemptAt),
  createdAt: iso(row.createdAt)!,
  sentAt: iso(row.sentAt),
});

/** A mail another sender holds (its lease) or that waits for its next try is not due. */
const dueWhere = (now: Date) => ({
  status: 'pending',
  nextAttemptAt: { $lte: now },
  $or: [{ leaseUntil: { $null: true } }, { leaseUntil: { $lt: now } }],
});

/**
 * The outbox: the only door to mail. Every mail the plugin sends is a row here, written with
 * enqueue() inside the caller's transaction (the Query Engine joins `strapi.db.transaction` by
 * itself), so the change that causes a mail and the mail commit or roll back together: no state
 * change without its mail, no mail about a change that did not happen.
 *
 * Delivery: a sender takes a due row with one conditional UPDATE (its lease: `leaseOwner`,
 * `leaseUntil`, the try counted), sends it outside any transaction through the mailer
 * (services/mail/mailer.ts: the studio's From and Reply-To), then marks it sent, or
 * schedules the next try with a doubling wait (lib/mail-retry.ts), or gives up after
 * `mail.maxAttempts` and marks it failed, for the studio to see in the admin. The UPDATE is the
 * same on SQLite and PostgreSQL, and only one process can win it, so each mail goes out once
 * however many processes send. (One window stays, as with any SMTP client: a process killed after
 * the server took the mail and before the row says so sends it again when its lease runs out.)
 *
 * Each commit that wrote a mail kicks this process's sender, so a healthy mail leaves within a
 * moment; a scheduled task on every instance picks up retries and mails of processes that died.
 * Bodies are erased once sent. Logs name a mail by id and kind, never its address or body.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(OUTBOX);
  const config = () => pluginConfig(strapi).mail;
  const policy = (): RetryPolicy => ({ maxAttempts: config().maxAttempts, baseMs: config().retryBaseSeconds * 1000, maxMs: config().retryMaxSeconds * 1000 });
  /** Sender runs of this process (kicks and the scheduled task), for settled() and shutdown. */
  const inFlight = new Set<Promise<unknown>>();
  let running: Promise<number> | null = null;
  let kickedAgain = false;

  /** Take one due row: only one process's conditional UPDATE matches it. */
  async function claim(row: { id: number; attempts: number | null }, owner: string, now: Date) {
    const { count } = await rows().updateMany({
      where: { id: row.id, attempts: row.attempts ?? 0, ...dueWhere(now) },
      data: { attempts: (row.attempts ?? 0) + 1, leaseOwner: owner, leaseUntil: new Date(now.getTime() + config().leaseSeconds * 1000) },
    });
    return count === 1;
  }

  /** What a delivery means beyond the outbox: an invitation's status on its link. */
  async function reportOutcome(row: { id: number; topic: string | null; attempts: number }, outcome: DeliveryOutcome & { final: boolean }) {
    const match = /^invitation:(\d+)$/.exec(row.topic ?? '');
    if (!match) return;
    try {
      await getService(strapi, 'invitation').recordOutcome(Number(match[1]), { ...outcome, attempt: row.attempts });
    } catch (error) {
      strapi.log.warn(`mail-outbox: outcome of mail ${row.id} not recorded: ${(error as Error).name}`);
    }
  }

  /** Send one claimed row and write what happened. */
  async function deliver(id: number, owner: string): Promise<DeliveryOutcome> {
    const row = await rows().findOne({ where: { id, leaseOwner: owner } });
    if (!row) return { sent: false, error: 'taken by another sender' };
    try {
      await getService(strapi, 'mailer').send({ to: row.recipient, subject: row.subject, text: row.textBody, html: row.htmlBody });
    } catch (error) {
      const message = describeMailError(error);
      const next = afterFailure(row.attempts, Date.now(), policy());
      await rows().updateMany({
        where: { id, leaseOwner: owner },
        data: next.giveUp
          ? { status: 'failed', lastError: message, leaseOwner: null, leaseUntil: null }
          : { nextAttemptAt: new Date(next.retryAt), lastError: message, leaseOwner: null, leaseUntil: null },
      });
      strapi.log.warn(`mail-outbox: mail ${id} (${row.kind}) try ${row.attempts} failed${next.giveUp ? '; given up' : '; will retry'}`);
      await reportOutcome(row, { sent: false, error: message, final: next.giveUp });
      return { sent: false, error: message };
    }
    await rows().updateMany({
      where: { id, leaseOwner: owner },
      data: { status: 'sent', sentAt: new Date(), textBody: null, htmlBody: null, lastError: null, leaseOwner: null, leaseUntil: null },
    });
    strapi.log.debug(`mail-outbox: mail ${id} (${row.kind}) sent`);
    await reportOutcome(row, { sent: true, error: null, final: true });
    return { sent: true, error: null };
  }

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    work.finally(() => inFlight.delete(work)).catch(() => undefined);
    return work;
  }

  const service = {
    /**
     * Write a mail. Joins the caller's transaction when there is one; the sender is kicked once it
     * commits (never on a rollback). Returns the row id.
     */
    async enqueue(input: Enqueue): Promise<number> {
      return strapi.db.transaction(async ({ onCommit }) => {
        if (input.supersede && input.topic) {
          await rows().updateMany({
            where: { topic: input.topic, status: { $in: ['pending', 'failed'] }, leaseOwner: { $null: true } },
            data: { status: 'cancelled', textBody: null, htmlBody: null },
          });
        }
        const row = await rows().create({
          data: {
            kind: input.kind,
            topic: input.topic ?? null,
            recipient: input.to,
            subject: input.mail.subject,
            textBody: input.mail.text,
            htmlBody: input.mail.html,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: new Date(),
          },
        });
        if (input.kick !== false) onCommit(() => service.kick());
        return row.id as number;
      });
    },

    /** Send one row now (after its transaction committed) and tell the caller how it went; on failure it stays queued for a retry. */
    async sendNow(id: number): Promise<DeliveryOutcome> {
      const owner = `${process.pid}.${crypto.randomBytes(6).toString('hex')}`;
      const row = await rows().findOne({ where: { id }, select: ['id', 'attempts'] });
      if (!row) return { sent: false, error: 'queued' };
      if (await claim(row, owner, new Date())) return track(deliver(id, owner));
      // Another sender (a scheduled run) took it first: report its outcome once it is known.
      const until = Date.now() + config().leaseSeconds * 1000;
      while (Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const now = await rows().findOne({ where: { id }, select: ['status', 'leaseOwner', 'lastError'] });
        if (!now || now.status === 'sent') return { sent: Boolean(now), error: null };
        if (!now.leaseOwner) return { sent: false, error: now.lastError ?? 'queued' };
      }
      return { sent: false, error: 'queued' };
    },

    /** Deliver every due mail (several processes may run this at once). Returns how many this call sent or tried. */
    async deliverDue({ batch = 20, now }: { batch?: number; now?: Date } = {}): Promise<number> {
      const owner = `${process.pid}.${crypto.randomBytes(6).toString('hex')}`;
      let handled = 0;
      for (;;) {
        const at = now ?? new Date();
        const due = await rows().findMany({ where: dueWhere(at), select: ['id', 'attempts'], orderBy: { id: 'asc' }, limit: batch });
        let claimed = 0;
        for (const row of due) {
          if (!(await claim(row, owner, at))) continue;
          claimed += 1;
          await deliver(row.id, owner);
        }
        handled += claimed;
        if (due.length < batch || claimed === 0) return handled;
      }
    },

    /** Run the sender in this process soon; a kick during a run makes it look again once done. */
    kick() {
      if (running) {
        kickedAgain = true;
        return;
      }
      const run = async () => {
        let total = 0;
        do {
          kickedAgain = false;
          total += await service.deliverDue();
        } while (kickedAgain);
        return total;
      };
      running = track(
        new Promise<void>((resolve) => setImmediate(resolve))
          .then(run)
          .catch((error) => {
            strapi.log.error(`mail-outbox: sender stopped: ${(error as Error).name}`);
            return 0;
          })
          .finally(() => {
            running = null;
            // A kick that came after the last look: look once more.
            if (kickedAgain) service.kick();
          }),
      );
    },

    /** Resolves once every delivery started in this process so far has finished. */
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    /** The studio's list (admin): failed and waiting mails by default, newest first. */
    async list({ status, limit = 50, offset = 0 }: { status?: AdminMail['status'][]; limit?: number; offset?: number } = {}) {
      const where = { status: { $in: status ?? ['failed', 'pending'] } };
      const [found, total] = await Promise.all([
        rows().findMany({
          where,
          select: ['documentId', 'kind', 'recipient', 'subject', 'status', 'attempts', 'lastError', 'nextAttemptAt', 'createdAt', 'sentAt'],
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          limit,
          offset,
        }),
        rows().count({ where }),
      ]);
      return { mails: found.map(toAdminMail), total: total as number };
    },

    /** "Send again": a failed (or waiting) mail gets a fresh set of tries, starting now. */
    async resend(documentId: string): Promise<AdminMail> {
      const row = await rows().findOne({ where: { documentId }, select: ['id', 'status'] });
      if (!row) throw new MailNotFoundError();
      const { count } = await rows().updateMany({
        where: { id: row.id, status: { $in: ['failed', 'pending'] }, leaseOwner: { $null: true } },
        data: { status: 'pending', attempts: 0, nextAttemptAt: new Date(), lastError: null },
      });
      if (count !== 1) throw conflict(row.status === 'pending' ? 'The mail is being sent right now' : `A ${row.status} mail cannot be sent again`);
      service.kick();
      return toAdminMail(await rows().findOne({ where: { id: row.id } }));
    },

    /** Sent and cancelled mails older than `olderThanMs` are deleted (their bodies are gone already). */
    async prune(olderThanMs: number) {
      const before = new Date(Date.now() - olderThanMs);
      const { count } = await rows().deleteMany({ where: { status: { $in: ['sent', 'cancelled'] }, updatedAt: { $lt: before } } });
      return count as number;
    },
  };
  return service;
};

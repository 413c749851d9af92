import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '../../lib/errors';
import { hostTag } from '../../lib/temp-folders';
import { UID } from '../../uids';

const LEASE = UID.taskLease;

export interface Lease {
  /** Extends the lease; false when another process has taken it over (stop then). */
  renew(): Promise<boolean>;
}

/**
 * Periodic tasks that must run once per period across every server process (the leftover
 * sweeper). Each task is one row: whoever moves its lease from free (or lapsed) to itself, in one
 * conditional UPDATE, runs the task; the others skip it. A task whose runner dies is free again
 * once its lease lapses; a runner renews the lease as it goes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const owner = `${hostTag()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
  const leases = () => strapi.db.query(LEASE);

  async function ensureRow(taskKey: string) {
    if (await leases().findOne({ where: { taskKey }, select: ['id'] })) return;
    try {
      await leases().create({ data: { taskKey } });
    } catch (error) {
      // Another process made it first.
      if (!isUniqueViolation(error)) throw error;
    }
  }

  return {
    /**
     * Runs `work` here if the task is due (its last run finished at least `periodMs` ago, or
     * `due: 'now'`) and no live lease holds it. Returns the work's result, or null when skipped.
     */
    async runLeased<T>(taskKey: string, options: { periodMs: number; leaseMs: number; due?: 'period' | 'now' }, work: (lease: Lease) => Promise<T>): Promise<T | null> {
      await ensureRow(taskKey);
      const now = Date.now();
      const free = { $or: [{ leasedUntil: { $null: true } }, { leasedUntil: { $lt: new Date(now) } }] };
      const due = options.due === 'now' ? {} : { $or: [{ lastRunAt: { $null: true } }, { lastRunAt: { $lte: new Date(now - options.periodMs) } }] };
      const { count } = await leases().updateMany({ where: { $and: [{ taskKey }, free, due] }, data: { leaseOwner: owner, leasedUntil: new Date(now + options.leaseMs) } });
      if (count !== 1) return null;
      const lease: Lease = {
        async renew() {
          const renewed = await leases().updateMany({ where: { taskKey, leaseOwner: owner }, data: { leasedUntil: new Date(Date.now() + options.leaseMs) } });
          return renewed.count === 1;
        },
      };
      try {
        const result = await work(lease);
        await leases().updateMany({ where: { taskKey, leaseOwner: owner }, data: { lastRunAt: new Date(), leaseOwner: null, leasedUntil: null } });
        return result;
      } catch (error) {
        // Free again at once; the next tick tries again.
        await leases().updateMany({ where: { taskKey, leaseOwner: owner }, data: { leaseOwner: null, leasedUntil: null } }).catch(() => undefined);
        throw error;
      }
    },
  };
};

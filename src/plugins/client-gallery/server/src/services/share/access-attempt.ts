import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { TooManyAttemptsError } from '../../lib/errors';
import { writeCaps, type VisitorWrite } from '../../lib/visitor-limits';
import { pluginConfig } from '../../config';
import { UID } from '../../uids';

const ATTEMPT = UID.accessAttempt;

export interface WindowCount {
  hits: number;
  /** When the current window started (ms since epoch); it closes windowMs later. */
  windowStart: number;
}

function rowsOf(result: any): any[] {
  return Array.isArray(result) ? result : (result?.rows ?? []);
}

/**
 * Fixed-window counters in the database. Every increment is ONE statement
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING, the same SQL on SQLite ≥ 3.35 and PostgreSQL),
 * so concurrent requests on any number of server processes each get a distinct count and the
 * limit holds exactly; a read-then-write in process memory would not survive a second instance.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  function table() {
    const meta = strapi.db.metadata.get(ATTEMPT);
    const column = (name: string) => (meta.attributes[name] as any).columnName ?? name;
    return { name: meta.tableName, key: column('attemptKey'), hits: column('hits'), windowStart: column('windowStart'), documentId: column('documentId') };
  }

  return {
    /** Count one hit on `key` and return the count in the current window (a window older than windowMs restarts at 1). */
    async hit(key: string, windowMs: number, now = Date.now()): Promise<WindowCount> {
      const t = table();
      const cutoff = now - windowMs;
      const result = await strapi.db.connection.raw(
        `INSERT INTO ${t.name} (${t.documentId}, ${t.key}, ${t.hits}, ${t.windowStart}) VALUES (?, ?, 1, ?)
         ON CONFLICT (${t.key}) DO UPDATE SET
           ${t.hits} = CASE WHEN ${t.name}.${t.windowStart} <= ? THEN 1 ELSE ${t.name}.${t.hits} + 1 END,
           ${t.windowStart} = CASE WHEN ${t.name}.${t.windowStart} <= ? THEN ? ELSE ${t.name}.${t.windowStart} END
         RETURNING ${t.hits} AS hits, ${t.windowStart} AS window_start`,
        [crypto.randomBytes(12).toString('hex'), key, now, cutoff, cutoff, now],
      );
      const [row] = rowsOf(result);
      return { hits: Number(row.hits), windowStart: Number(row.window_start) };
    },

    /**
     * Count one hit on `key`, and refuse with 429 (Retry-After: when the window closes) once the
     * window holds more than `max`. The hit is counted first, so concurrent tries cannot slip past.
     */
    async take(key: string, windowMs: number, max: number): Promise<WindowCount> {
      const count = await this.hit(key, windowMs);
      if (count.hits > max) throw new TooManyAttemptsError(Math.max(1, Math.ceil((count.windowStart + windowMs - Date.now()) / 1000)));
      return count;
    },

    /**
     * A slot in every counter of `caps`, or none. When one refuses (429), every hit this write
     * made is given back, the refusing one included: a counter then holds only the writes it let
     * through (plus those still in flight), so a write refused by its thread's cap, or by a link
     * cap that a concurrent refused write had filled for a moment, leaves no slot spent. The cap
     * still holds exactly: a write passes only when its own hit, counted first, is within it.
     */
    async takeAll(caps: Array<{ key: string; max: number }>, windowMs: number) {
      const hit: string[] = [];
      try {
        for (const cap of caps) {
          hit.push(cap.key);
          await this.take(cap.key, windowMs, cap.max);
        }
      } catch (error) {
        if (error instanceof TooManyAttemptsError) for (const key of hit) await this.undo(key);
        else for (const key of hit.slice(0, -1)) await this.undo(key);
        throw error;
      }
    },

    /** Count one visitor write against its caps (config `visitorWrites`); 429 with Retry-After past one. */
    async takeVisitorWrite(write: VisitorWrite) {
      const limits = pluginConfig(strapi).visitorWrites;
      await this.takeAll(writeCaps(write, limits), limits.windowMinutes * 60_000);
    },

    /** Give back one hit (a reserved attempt that turned out to be legitimate). Never below zero. */
    async undo(key: string) {
      const t = table();
      await strapi.db
        .connection(t.name)
        .where(t.key, key)
        .andWhere(t.hits, '>', 0)
        .update({ [t.hits]: strapi.db.connection.raw(`${t.hits} - 1`) });
    },

    /**
     * Delete counters whose window closed more than `olderThanMs` ago. A closed window restarts
     * at 1 on its next hit anyway, so these rows only take space (a scheduled task calls this).
     */
    async prune(olderThanMs: number, now = Date.now()): Promise<number> {
      const t = table();
      return strapi.db.connection(t.name).where(t.windowStart, '<=', now - olderThanMs).delete();
    },

    /** Forget a key entirely (e.g. an address that just unlocked successfully). */
    async reset(key: string) {
      const t = table();
      await strapi.db.connection(t.name).where(t.key, key).delete();
    },
  };
};

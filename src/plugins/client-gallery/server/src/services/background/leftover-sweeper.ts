import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { hostTag, isPartFile, pidAlive, tempFolderVerdict } from '../../lib/temp-folders';
import { yieldToEventLoop } from '../../lib/event-loop';
import { getService } from '../../get-service';
import { pluginConfig } from '../../config';

const TASK = 'leftover-sweep';
/** A sweep renews its lease every page; one not renewed for this long is taken over. */
const LEASE_MS = 10 * 60_000;
/** Removed paths named one by one in the log; past this, only counted. */
const LOGGED_PER_KIND = 200;

export interface SweepReport {
  /** Stored files no row names, older than the age limit. */
  orphans: string[];
  /** A provider's half-written `.part` files, older than the age limit. */
  parts: string[];
  /** This plugin's temp folders of processes that died. */
  tempFolders: string[];
  /** Stored files looked at. */
  scanned: number;
}

/**
 * What a killed process leaves behind (kill -9 runs no `finally`), removed by one process per
 * period (a database lease, services/background/task-lease.ts):
 * - a stored file that no row names (services/storage/stored-references.ts), older than
 *   `sweeper.orphanAgeSeconds` (an hour): an original stored just before the process died,
 *   variants of a photo whose row was never written. A file an upload in flight is writing, or
 *   has just written, is younger than that;
 * - a provider's `.part` file (written beside its target and renamed), older than the same limit;
 * - this plugin's temp folders of processes that died (lib/temp-folders.ts says how a live
 *   one is told apart): the upload parser's, sharp's source copies, markups, comparisons.
 * The store is listed in pages and checked a page at a time; the event loop is yielded between
 * pages. Every removal is logged by key or folder (keys are content digests, never secrets).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const log = (kind: string, removed: string[]) => {
    if (removed.length === 0) return;
    const named = removed.slice(0, LOGGED_PER_KIND).join(', ');
    strapi.log.info(`client-gallery sweeper: removed ${removed.length} ${kind}: ${named}${removed.length > LOGGED_PER_KIND ? ', …' : ''}`);
  };

  async function sweepTempFolders(staleMs: number, now: number): Promise<string[]> {
    const tmp = os.tmpdir();
    const removed: string[] = [];
    const host = hostTag();
    const dir = await fs.promises.opendir(tmp);
    for await (const entry of dir) {
      if (!entry.isDirectory() || !(entry.name.startsWith('client-gallery-') || entry.name.startsWith('cg-'))) continue;
      const full = path.join(tmp, entry.name);
      const stat = await fs.promises.stat(full).catch(() => null);
      if (!stat) continue;
      const verdict = tempFolderVerdict({ name: entry.name, ageMs: now - stat.mtimeMs, host, ownPid: process.pid, pidAlive, staleMs });
      if (verdict !== 'remove') continue;
      await fs.promises.rm(full, { recursive: true, force: true });
      removed.push(full);
    }
    return removed;
  }

  async function sweepStorage(orphanAgeMs: number, now: number, renew: () => Promise<boolean>) {
    const storage = getService(strapi, 'storage');
    const referenced = await getService(strapi, 'stored-references').open();
    const report = { orphans: [] as string[], parts: [] as string[], scanned: 0 };
    for await (const page of storage.listStored()) {
      report.scanned += page.length;
      const old = page.filter((object) => now - object.modifiedMs >= orphanAgeMs).map((object) => object.key);
      const parts = old.filter(isPartFile);
      const candidates = old.filter((key) => !isPartFile(key));
      const named = candidates.length > 0 ? await referenced(candidates) : new Set<string>();
      for (const key of parts) {
        await storage.removeKey(key);
        report.parts.push(key);
      }
      for (const key of candidates) {
        if (named.has(key)) continue;
        await storage.removeKey(key);
        report.orphans.push(key);
      }
      if (!(await renew())) throw new Error('the sweep lease was taken over');
      await yieldToEventLoop();
    }
    return report;
  }

  return {
    /**
     * One sweep, if it is due (cron) or at once (`due: 'now'`, for tests and operators), and no
     * other process is sweeping. Returns what was removed, or null when it did not run here.
     */
    async sweep(options: { due?: 'period' | 'now' } = {}): Promise<SweepReport | null> {
      const { orphanAgeSeconds, tempFolderStaleSeconds, periodSeconds } = pluginConfig(strapi).sweeper;
      return getService(strapi, 'task-lease').runLeased(TASK, { periodMs: periodSeconds * 1000, leaseMs: LEASE_MS, due: options.due }, async (lease) => {
        const now = Date.now();
        const tempFolders = await sweepTempFolders(tempFolderStaleSeconds * 1000, now);
        log('temp folders of dead processes', tempFolders);
        const stored = await sweepStorage(orphanAgeSeconds * 1000, now, () => lease.renew());
        log('stored files no row names', stored.orphans);
        log('.part files', stored.parts);
        return { ...stored, tempFolders };
      });
    },
  };
};

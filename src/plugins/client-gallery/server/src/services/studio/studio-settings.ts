import type { Core } from '@strapi/strapi';
import { applyStudioChanges, mergeStudioSettings, type StoredStudioSettings, type StudioSettings } from '../../lib/studio-settings';
import { readStoredStudioSettings, validateStudioSettingsChanges } from '../../validation/studio';
import { pluginConfig } from '../../config';
import { PLUGIN_ID } from '../../../../shared/permissions';

/**
 * How stale this process's copy of the saved settings may be. Another instance may save at any
 * time and nothing tells this one, so each process reads the store again once its copy is this
 * old: a change reaches every instance within 1 s (DESIGN.md, "Settings"), at one small read per
 * second per process at most.
 */
export const STUDIO_SETTINGS_MAX_AGE_MS = 1000;

/**
 * The one door to studio-wide settings (name, notify address, reply-to, public URL, watermark,
 * proofing defaults): studio() for every read, save() for every change. Saved values live in
 * the plugin store (`strapi.store`, type plugin, key `settings`), over the file config's values,
 * which are read on every call as everywhere else (a host may config.set them at any time).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'settings' });
  let cached: { stored: StoredStudioSettings; readAt: number } | null = null;
  /** Bumped by every save here: a read that began before it must not put back what it read. */
  let generation = 0;
  let lastProblems = '';

  async function readStore(): Promise<StoredStudioSettings> {
    const { settings, problems } = readStoredStudioSettings(await store().get({}));
    // Said once per change of the stored value, not on every re-read.
    const said = problems.join('; ');
    if (said && said !== lastProblems) strapi.log.warn(`client-gallery: saved studio settings ignored (the file config's value applies): ${said}`);
    lastProblems = said;
    return settings;
  }

  /**
   * The saved settings, read at most STUDIO_SETTINGS_MAX_AGE_MS ago (timed from the start of the
   * read). Concurrent callers with an old copy each read: sharing one read would make a caller
   * inside a transaction wait on a query that needs the connection its transaction holds (SQLite
   * has one).
   */
  async function saved(): Promise<StoredStudioSettings> {
    const startedAt = Date.now();
    if (cached && startedAt - cached.readAt < STUDIO_SETTINGS_MAX_AGE_MS && startedAt >= cached.readAt) return cached.stored;
    const startedIn = generation;
    const stored = await readStore();
    if (generation === startedIn && (!cached || cached.readAt <= startedAt)) cached = { stored, readAt: startedAt };
    return stored;
  }

  const merged = (stored: StoredStudioSettings) => mergeStudioSettings(pluginConfig(strapi), stored, strapi.config.get('server.absoluteUrl') as string | undefined);

  function forget() {
    generation += 1;
    cached = null;
  }

  return {
    /** The keys the studio saved (the rest are the file config's), for the settings page to tell them apart. */
    async savedKeys(): Promise<string[]> {
      return Object.keys(await saved()).sort();
    },

    /** The studio's settings now: each saved value over the file config's. */
    async studio(): Promise<StudioSettings> {
      return merged(await saved());
    },

    /**
     * As studio(), for an answer that only draws the brand (a page shell): when this process has
     * a copy and the fresh read takes longer than `waitMs` (SQLite's one connection is held by a
     * long write, such as re-saving a 20,000-photo gallery), the copy answers and the read goes on
     * to refresh it. A read takes about a millisecond otherwise, so the 1 s rule still holds.
     */
    async studioWithin(waitMs: number): Promise<StudioSettings> {
      const fresh = saved();
      const copy = cached?.stored;
      if (!copy) return merged(await fresh);
      fresh.catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<StoredStudioSettings>((resolve) => {
        timer = setTimeout(() => resolve(copy), waitMs);
      });
      try {
        return merged(await Promise.race([fresh, late]));
      } finally {
        clearTimeout(timer);
      }
    },

    /**
     * Change some settings (the settings page's PUT, with `fromPage`: it cannot name the logo): `{ name: 'Lumen' }` sets a value,
     * `{ name: null }` puts it back to the file config's. All or nothing: a bad value throws a
     * ValidationError (400) naming the key, and nothing is stored. Two instances saving different
     * keys at the same moment: the later write wins for both (one studio, one settings page).
     */
    async save(changes: unknown, options: { fromPage?: boolean } = {}): Promise<StudioSettings> {
      const checked = validateStudioSettingsChanges(changes, options);
      await strapi.db.transaction(async ({ onCommit }) => {
        const next = applyStudioChanges(await readStore(), checked);
        if (Object.keys(next).length === 0) await store().delete({});
        else await store().set({ value: next });
        // Inside a caller's transaction the write is not final before its commit: forget then too.
        onCommit(forget);
      });
      forget();
      return this.studio();
    },
  };
};

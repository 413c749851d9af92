import path from 'path';
import { bootInThisRealm, type BootedStrapi, type BootOptions } from './strapi';
import { runId } from './make-template';
import { startStorage, type TestStorage } from './storage';
import { smtpEnv, startSmtp, type TestSmtp } from './smtp';

/**
 * Boot profiles: one Strapi per profile and jest worker, shared by every test file that asks for
 * the profile with `await useProfile(name)` (tests/helpers/shared-boot.ts), so that such a file
 * costs its own tests and not a boot. tests/helpers/profile-environment.ts keeps the boots
 * outside the files' sandboxes, so they outlive each file.
 *
 * A file that joins a profile shares the database, the storage and the outbox with the files
 * before it in the same worker. It therefore makes its own rows and finds them by their ids, and
 * it leaves no global state behind: no config.set, no spy left on a service, no process.env
 * change, no count or list of every row of a table or every stored object. A file that needs any
 * of those keeps its own boot.
 */
export interface ProfileBoot extends BootedStrapi {
  storage: TestStorage;
  /** The mail server of the `smtp` profile. Its messages are shared too: find yours by recipient and subject. */
  smtp?: TestSmtp;
}

const common = (name: string) => ({
  STUDIO_NOTIFY_EMAIL: '',
  CRON_ENABLED: 'false',
  OUTBOX_DIR: path.join('.tmp', `outbox-${runId()}-profile-${name}-${process.pid}`),
});

export const PROFILES = {
  /** Private local storage, mail to an outbox folder, no studio notifications, no cron. */
  default: { storage: 'private-local', mail: false, env: () => common('default') },
  /** As default, with the real S3 provider against an s3rver on loopback. */
  s3: { storage: 's3', mail: false, env: () => common('s3') },
  /** As default, with mail through a real SMTP server on loopback, and the studio's notify address and name. */
  smtp: { storage: 'private-local', mail: true, env: () => ({ ...common('smtp'), STUDIO_NOTIFY_EMAIL: 'studio@studio.test', STUDIO_NAME: 'Lumen Studio' }) },
} as const;

export type ProfileName = keyof typeof PROFILES;

export function isProfileName(name: string): name is ProfileName {
  return Object.prototype.hasOwnProperty.call(PROFILES, name);
}

/**
 * One profile at a time per process: Strapi keeps itself in a global (`strapi`) and in module-level
 * registries, so two instances cannot live in one realm. Asking for another profile stops the
 * current one first.
 */
let current: { name: ProfileName; booting: Promise<ProfileBoot> } | undefined;

type Listener = (...args: unknown[]) => void;

/** Every listener on `process` now, by event. */
function processListeners(): Array<[string | symbol, Listener[]]> {
  return process.eventNames().map((event) => [event, process.listeners(event as NodeJS.Signals) as Listener[]]);
}

/**
 * Put back the listeners `process` had before a boot. Strapi's destroy() ends with
 * `process.removeAllListeners()`, which in this realm is the jest worker's real process: its IPC
 * listener goes with it, and the worker never hears of its next test file.
 */
function restoreProcessListeners(saved: Array<[string | symbol, Listener[]]>) {
  for (const [event, listeners] of saved) {
    const present = process.listeners(event as NodeJS.Signals);
    for (const listener of listeners) if (!present.includes(listener)) process.on(event as NodeJS.Signals, listener);
  }
}

async function boot(name: ProfileName): Promise<ProfileBoot> {
  const profile = PROFILES[name];
  const listeners = processListeners();
  const storage = await startStorage(profile.storage);
  const smtp = profile.mail ? await startSmtp() : undefined;
  // Config is read during the boot; process.env is put back afterwards, so that a later test
  // file's own boot in this worker does not inherit this one's settings.
  const saved = { ...process.env };
  try {
    const env = { ...storage.env, ...profile.env() };
    const booted = await bootInThisRealm(`profile-${name}`, smtp ? smtpEnv(smtp, env) : env);
    return {
      ...booted,
      storage,
      smtp,
      async stop() {
        try {
          await booted.stop();
          await storage.stop();
          await smtp?.stop();
        } finally {
          restoreProcessListeners(listeners);
        }
      },
    };
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** A test file's own boot (bootStrapi) that is running in this process now, if any. */
let ownBoot: string | undefined;

/**
 * A test file's own boot, in this process's realm (see bootStrapi in tests/helpers/strapi.ts).
 * The profile boot this worker holds is stopped first (it is booted again when a file asks for it),
 * and process.env and process's listeners are put back as after a profile boot.
 */
export async function ownBootInThisRealm(label: string, env: Record<string, string>, options: BootOptions): Promise<BootedStrapi> {
  if (ownBoot) throw new Error(`"${label}" boots while "${ownBoot}" still runs: one Strapi per process; stop the first one`);
  await stopProfileBoots();
  ownBoot = label;
  const listeners = processListeners();
  const saved = { ...process.env };
  try {
    const booted = await bootInThisRealm(label, env, options);
    return {
      ...booted,
      async stop() {
        try {
          await booted.stop();
        } finally {
          restoreProcessListeners(listeners);
          ownBoot = undefined;
        }
      },
    };
  } catch (error) {
    ownBoot = undefined;
    restoreProcessListeners(listeners);
    throw error;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/** The profile's boot in this process, booted on first use. */
export async function profileBoot(name: string): Promise<ProfileBoot> {
  if (!isProfileName(name)) throw new Error(`no boot profile "${name}" (tests/helpers/profiles.ts)`);
  if (ownBoot) throw new Error(`profile "${name}" asked for while "${ownBoot}" runs: one Strapi per process`);
  if (current?.name !== name) {
    await stopProfileBoots();
    current = { name, booting: boot(name) };
  }
  return current.booting;
}

/** Stop this process's profile boot (jest's in-band runs; a worker's boot ends with the worker). */
export async function stopProfileBoots() {
  const stopping = current;
  current = undefined;
  if (stopping) await (await stopping.booting).stop();
}

import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { appDir, createTestDatabase, type TestDatabase } from './database';
import bootEnv from './boot-env.json';
import { runId } from './make-template';

export { appDir };

export const distDir = path.join(appDir, 'dist');

/** Fixed secrets so runs are repeatable; none of them protects anything outside a test. */
export const TEST_SECRETS = bootEnv.secrets;

export interface BootedStrapi {
  strapi: Core.Strapi;
  database: TestDatabase;
  /** Where the private-local provider keeps this boot's files (its own temp dir, removed on stop). */
  uploadDir: string;
  /** The settings this boot was started with: a second process on the same database and storage starts with them. */
  env: Record<string, string>;
  /** http://127.0.0.1:<port> of this boot's listening server. */
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * process.env outlives a test file in a jest worker, so every storage setting a file may
 * override is reset here (bootEnv.storage): one file's S3 or size-limit settings never leak into
 * the next.
 */

/**
 * Boot a real Strapi from dist/ on a database of its own, mount its routes (without the mount
 * every route answers 404) and listen on an ephemeral loopback port. `env` overrides go in
 * before config is read.
 *
 * Listening here matters: given a server that is not listening, supertest calls listen(0) for
 * the first request and close() when that request ends, and since Node 19 close() also drops
 * idle keep-alive and just-accepted connections, so concurrent requests in one test died with
 * ECONNRESET now and then.
 */
export interface BootOptions {
  serveAdminPanel?: boolean;
  /** Boot on this database instead of a fresh one (e.g. a copy of an old fixture); it is dropped on stop. */
  database?: TestDatabase;
  /** Start the storage from a copy of this folder (the fixture's stored files). */
  uploadsFrom?: string;
  /**
   * Boot inside the test file's own sandbox, not in the jest worker's realm: for a file that
   * watches what the server itself prints (a spy on console, a transport added to its logger),
   * which only works when the server's modules are the file's own.
   */
  inSandbox?: boolean;
  /**
   * Routes of the file's own, mounted after Strapi's and before the server serves them (Koa's
   * router copies a router's routes when it is mounted): a host's route the app does not have.
   */
  beforeMount?: (strapi: Core.Strapi) => void;
}

type OuterBoot = (label: string, env: Record<string, string>, options: BootOptions) => Promise<BootedStrapi>;

/**
 * Boot a real Strapi for this test file. In jest (tests/helpers/profile-environment.ts) the boot
 * happens in the worker's own realm, where Strapi's modules stay loaded from one file to the next:
 * a boot then costs about a second instead of the four it takes to load Strapi into each file's
 * fresh sandbox. The settings it was booted with are also put in this file's process.env, as a
 * boot inside the sandbox would leave them.
 */
export async function bootStrapi(label: string, env: Record<string, string> = {}, options: BootOptions = {}): Promise<BootedStrapi> {
  const outer = (globalThis as { __clientGalleryOwnBoot?: OuterBoot }).__clientGalleryOwnBoot;
  if (!outer || options.inSandbox) return bootInThisRealm(label, env, options);
  const booted = await outer(label, env, options);
  Object.assign(process.env, booted.env);
  return booted;
}

/** The boot itself, in whichever realm calls it (see bootStrapi). */
export async function bootInThisRealm(label: string, env: Record<string, string> = {}, options: BootOptions = {}): Promise<BootedStrapi> {
  const database = options.database ?? (await createTestDatabase(label));
  const uploadDir = fs.mkdtempSync(path.join(appDir, '.tmp', `uploads-${runId()}-${label.replace(/[^a-z0-9]+/gi, '-')}-`));
  if (options.uploadsFrom) fs.cpSync(options.uploadsFrom, uploadDir, { recursive: true });
  const environment = {
    ...bootEnv.storage,
    ...bootEnv.server,
    UPLOAD_DIR: uploadDir,
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error',
    ...TEST_SECRETS,
    ...database.env,
    ...env,
  };
  Object.assign(process.env, environment);
  forgetLoginRateLimits();
  const { createStrapi } = await import('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: options.serveAdminPanel ?? false }).load();
  options.beforeMount?.(strapi);
  strapi.server.mount();
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = strapi.server.httpServer.address() as import('net').AddressInfo;
  return {
    strapi,
    database,
    uploadDir,
    env: environment,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await strapi.destroy();
      await database.drop();
      fs.rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

/**
 * A boot in a process that has booted Strapi before starts as a fresh process would: the login
 * rate limits of the admin and of users-permissions live in koa2-ratelimit's memory store, which
 * is module state and outlives a destroyed Strapi (one file's logins would spend the next's).
 */
export function forgetLoginRateLimits() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('koa2-ratelimit') as { Stores: { Memory: { cleanAll(): void } } }).Stores.Memory.cleanAll();
}

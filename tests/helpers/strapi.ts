import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { createTestDatabase, type TestDatabase } from './database';

export const appDir = path.resolve(__dirname, '..', '..');
export const distDir = path.join(appDir, 'dist');

/** Fixed secrets so runs are repeatable; none of them protects anything outside a test. */
export const TEST_SECRETS = {
  APP_KEYS: 'dGVzdGtleTE=,dGVzdGtleTI=,dGVzdGtleTM=,dGVzdGtleTQ=',
  API_TOKEN_SALT: 'test-api-token-salt',
  ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
  TRANSFER_TOKEN_SALT: 'test-transfer-token-salt',
  JWT_SECRET: 'test-jwt-secret',
  ENCRYPTION_KEY: 'test-encryption-key-000000000000',
  MEDIA_SIGNING_SECRET: 'test-media-signing-secret',
};

export interface BootedStrapi {
  strapi: Core.Strapi;
  database: TestDatabase;
  /** Where the private-local provider keeps this boot's files (its own temp dir, removed on stop). */
  uploadDir: string;
  /** http://127.0.0.1:<port> of this boot's listening server. */
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * process.env outlives a test file under --runInBand, so every storage setting a file may
 * override is reset here: one file's S3 or size-limit settings never leak into the next.
 */
const STORAGE_DEFAULTS = {
  UPLOAD_PROVIDER: 'private-local',
  UPLOAD_MAX_FILE_SIZE: String(200 * 1024 * 1024),
  UPLOAD_MAX_REQUEST_SIZE: String(1024 * 1024 * 1024),
  MEDIA_URL_TTL_SECONDS: '900',
  S3_ENDPOINT: '',
  S3_BUCKET: '',
  S3_ACCESS_KEY_ID: '',
  S3_SECRET_ACCESS_KEY: '',
  S3_ROOT_PATH: '',
};

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
}

export async function bootStrapi(label: string, env: Record<string, string> = {}, options: BootOptions = {}): Promise<BootedStrapi> {
  const database = options.database ?? (await createTestDatabase(label));
  const uploadDir = fs.mkdtempSync(path.join(appDir, '.tmp', `uploads-${label.replace(/[^a-z0-9]+/gi, '-')}-`));
  if (options.uploadsFrom) fs.cpSync(options.uploadsFrom, uploadDir, { recursive: true });
  Object.assign(process.env, {
    ...STORAGE_DEFAULTS,
    UPLOAD_DIR: uploadDir,
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
    STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error',
    HOST: '127.0.0.1',
    PORT: '0',
    ...TEST_SECRETS,
    ...database.env,
    ...env,
  });
  const { createStrapi } = await import('@strapi/strapi');
  const strapi = await createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: options.serveAdminPanel ?? false }).load();
  strapi.server.mount();
  await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = strapi.server.httpServer.address() as import('net').AddressInfo;
  return {
    strapi,
    database,
    uploadDir,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await strapi.destroy();
      await database.drop();
      fs.rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

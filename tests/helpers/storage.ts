import fs from 'fs';
import os from 'os';
import path from 'path';

// s3rver ships no types; this is the slice the tests use.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> };

export type ProviderName = 'private-local' | 's3';
export const PROVIDERS: ProviderName[] = ['private-local', 's3'];
const BUCKET = 'client-galleries-test';
const OBJECT_SUFFIX = '._S3rver_object';

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

export interface TestStorage {
  name: ProviderName;
  /** Env for bootStrapi. */
  env: Record<string, string>;
  /** Every object key in the store right now, sorted. */
  keys(uploadDir: string): string[];
  stop(): Promise<void>;
}

/**
 * The store a test file runs against: the private-local provider in the boot's own upload dir,
 * or a real S3 HTTP server (s3rver) on loopback with a fresh bucket directory.
 */
export async function startStorage(name: ProviderName): Promise<TestStorage> {
  if (name === 'private-local') {
    return {
      name,
      env: { UPLOAD_PROVIDER: 'private-local' },
      keys: (uploadDir) => walk(uploadDir).map((file) => path.relative(uploadDir, file).split(path.sep).join('/')).sort(),
      stop: async () => undefined,
    };
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port } = await server.run();
  const bucketDir = path.join(directory, BUCKET);
  return {
    name,
    env: {
      UPLOAD_PROVIDER: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    keys: () =>
      walk(bucketDir)
        .filter((file) => file.endsWith(OBJECT_SUFFIX))
        .map((file) => path.relative(bucketDir, file).slice(0, -OBJECT_SUFFIX.length).split(path.sep).join('/'))
        .sort(),
    async stop() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { appDir } from '../helpers/strapi';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import bootEnv from '../helpers/boot-env.json';

/**
 * A newcomer's first screen: `npm run demo` on an empty database (scripts/demo.js, run as the
 * README says, at the default log level) prints the demo's banner, not some thirty lines of
 * migration bookkeeping, nor Strapi's "Welcome back!" to a studio that was never there.
 */
let database: TestDatabase;
let workDir: string;
let output = '';

beforeAll(async () => {
  database = await createTestDatabase('demo-first-run', { empty: true });
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-demo-first-run-'));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    ...bootEnv.secrets,
    ...bootEnv.storage,
    ...database.env,
    HOST: '127.0.0.1',
    PORT: '0',
    NODE_ENV: 'development',
    UPLOAD_DIR: path.join(workDir, 'uploads'),
    OUTBOX_DIR: path.join(workDir, 'outbox'),
    SMTP_HOST: '',
    CRON_ENABLED: 'false',
    DEMO_STATE_DIR: workDir,
    PUBLIC_URL: 'http://127.0.0.1:1',
  };
  // The level a newcomer gets (config/logger.ts), not the tests' "error".
  delete env.STRAPI_LOG_LEVEL;
  const child = spawn(process.execPath, [path.join(appDir, 'scripts', 'demo.js')], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not start in time:\n${output}`)), 100_000);
      child.stdout.on('data', () => /demo is running[\s\S]*\(demo data/.test(output) && (clearTimeout(timer), resolve()));
      child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`the demo exited (${code}):\n${output}`))));
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}, 120_000);

afterAll(async () => {
  await database?.drop();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe("the demo's first run", () => {
  it('seeds and prints the banner with the login', () => {
    expect(output).toMatch(/Client Galleries demo is running/);
    expect(output).toMatch(/\(demo data seeded just now\)/);
    expect(fs.existsSync(path.join(workDir, '.tmp', 'demo-login.json'))).toBe(true);
  });

  it('prints no migration lines', () => {
    expect(output.split('\n').filter((line) => /migrat/i.test(line))).toEqual([]);
  });

  it('does not welcome the studio back', () => {
    expect(output).not.toMatch(/Welcome back/);
  });
});

import path from 'path';
import fs from 'fs';
import { execFileSync } from 'child_process';
import { ensureTemplate, runId } from './make-template';

/**
 * Once per jest run: compile the app's TypeScript (every test file boots from dist/) and make the
 * run's template database. scripts/run-tests.js does both before its two lanes and says so in
 * CG_TEST_COMPILED and CG_TEST_TEMPLATE, so each lane skips them.
 */
export default async function globalSetup() {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  const appDir = path.resolve(__dirname, '..', '..');
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  if (!process.env.CG_TEST_RUN) process.env.CG_TEST_RUN_OWNER = 'jest';
  runId();
  if (process.env.CG_TEST_COMPILED !== '1') {
    const { compileStrapi } = await import('@strapi/strapi');
    await compileStrapi({ appDir });
  }
  // The plugin (server, admin, public pages) is built by `pretest`; a suite run on its own builds it if missing.
  if (!fs.existsSync(path.join(appDir, 'src', 'plugins', 'client-gallery', 'dist', 'server', 'index.js'))) {
    execFileSync('npm', ['run', 'build:plugin'], { cwd: appDir, stdio: 'inherit' });
  }
  ensureTemplate();
}

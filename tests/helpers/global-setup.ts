import path from 'path';
import fs from 'fs';
import { execFileSync } from 'child_process';

/** Compile the app's TypeScript once for the whole run; every test file boots from dist/. */
export default async function globalSetup() {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  const appDir = path.resolve(__dirname, '..', '..');
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  const { compileStrapi } = await import('@strapi/strapi');
  await compileStrapi({ appDir });
  // The plugin (server, admin, public pages) is built by `pretest`; a suite run on its own builds it if missing.
  if (!fs.existsSync(path.join(appDir, 'src', 'plugins', 'client-gallery', 'dist', 'server', 'index.js'))) {
    execFileSync('npm', ['run', 'build:plugin'], { cwd: appDir, stdio: 'inherit' });
  }
}

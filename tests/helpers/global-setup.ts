import path from 'path';
import fs from 'fs';
import { execFileSync } from 'child_process';

/** Compile the app's TypeScript (and bundle the public pages) once for the whole run; every test file boots from dist/. */
export default async function globalSetup() {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  const appDir = path.resolve(__dirname, '..', '..');
  fs.mkdirSync(path.join(appDir, '.tmp'), { recursive: true });
  const { compileStrapi } = await import('@strapi/strapi');
  await compileStrapi({ appDir });
  // The public pages' bundle (build/pages) is served by the app; rebuild it so no suite tests a stale one.
  execFileSync(process.execPath, [path.join(appDir, 'scripts', 'build-pages.js')], { cwd: appDir, stdio: 'inherit' });
}

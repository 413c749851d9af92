#!/usr/bin/env node
/**
 * What every run of the app or its tests needs first: a .env (scripts/ensure-env.js), the upload
 * provider and the plugin built. `.ci/run` does it once and sets CG_PREBUILT=1, so that the
 * suites, the host-app job, `strapi build` and the benchmarks reuse those builds.
 */
const { execFileSync } = require('child_process');
const path = require('path');

const appDir = path.resolve(__dirname, '..');
if (process.env.CG_PREBUILT === '1') process.exit(0);
const run = (command, args) => execFileSync(command, args, { cwd: appDir, stdio: 'inherit' });
run(process.execPath, [path.join(__dirname, 'ensure-env.js')]);
run('npm', ['run', '--silent', 'build:provider']);
run('npm', ['run', '--silent', 'build:plugin']);

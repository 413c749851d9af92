#!/usr/bin/env node
/**
 * The npm registry reachable here lacks some platform builds of optional native packages
 * (e.g. @swc/core-darwin-arm64, @rollup/rollup-win32-*). `npm install` skips a 404 on an
 * optional dependency, but `npm ci` then refuses the lockfile ("Missing: … from lock file").
 * This removes exactly the optional dependencies that `npm ci` reports missing from the
 * lockfile's `optionalDependencies` maps, so `npm ci` installs the same tree `npm install` did.
 * Run it after any `npm install` that changes package-lock.json.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const lockPath = path.join(root, 'package-lock.json');

function missingFromLock() {
  // Dry-run `npm ci` in a scratch copy: only package.json, the lockfile and local file: packages matter.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lockcheck-'));
  fs.copyFileSync(path.join(root, 'package.json'), path.join(scratch, 'package.json'));
  fs.copyFileSync(lockPath, path.join(scratch, 'package-lock.json'));
  const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (entry.link && entry.resolved && !entry.resolved.startsWith('node_modules')) {
      fs.mkdirSync(path.join(scratch, entry.resolved), { recursive: true });
      fs.copyFileSync(path.join(root, entry.resolved, 'package.json'), path.join(scratch, entry.resolved, 'package.json'));
    }
    void key;
  }
  let output = '';
  try {
    execFileSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: scratch, stdio: 'pipe' });
  } catch (error) {
    output = String(error.stderr) + String(error.stdout);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return [...output.matchAll(/Missing: (.+?)@\S* from lock file/g)].map((m) => m[1]);
}

const missing = new Set(missingFromLock());
if (missing.size === 0) {
  console.log('package-lock.json: npm ci accepts it as it is');
  process.exit(0);
}
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
let pruned = 0;
for (const entry of Object.values(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  for (const name of Object.keys(entry.optionalDependencies)) {
    if (missing.has(name)) {
      delete entry.optionalDependencies[name];
      pruned += 1;
    }
  }
}
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: dropped ${pruned} optional dependencies the registry does not have: ${[...missing].join(', ')}`);
const still = missingFromLock();
if (still.length > 0) {
  console.error(`npm ci still reports missing: ${still.join(', ')}`);
  process.exit(1);
}

#!/usr/bin/env node
/**
 * `npm test` and `npm run test:pg`: the API and unit suites in two lanes.
 *
 *   node scripts/run-tests.js [--postgres] [jest args and test paths…]
 *
 * 1. Prepare, unless CG_PREBUILT=1 says .ci/run already did: .env, the upload provider and the
 *    plugin built (scripts/build-parts.js), the tests type-checked.
 * 2. Compile the app to dist/ and make the run's template database, once for both lanes.
 * 3. The parallel lane: every test file but the serial ones, in two jest workers. Files are
 *    isolated (their own database, port, upload and outbox folders).
 * 4. The serial lane: files whose first lines say `@lane serial` (they assert a wall-clock or
 *    memory bound, which a neighbour's load would bend), one at a time.
 * With test paths or a name pattern, it runs one jest over just those.
 */
const { spawnSync, execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const appDir = path.resolve(__dirname, '..');
const bin = (name) => path.join(appDir, 'node_modules', '.bin', name);
const args = process.argv.slice(2);
const postgres = args.includes('--postgres');
const jestArgs = args.filter((arg) => arg !== '--postgres');
const env = { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true', ...(postgres ? { TEST_DATABASE: 'postgres' } : {}) };
const suite = postgres ? 'postgres' : 'sqlite';
const started = Date.now();

function run(command, commandArgs, extraEnv = {}) {
  const result = spawnSync(command, commandArgs, { cwd: appDir, stdio: 'inherit', env: { ...env, ...extraEnv } });
  return result.status ?? 1;
}

function must(command, commandArgs) {
  if (run(command, commandArgs) !== 0) process.exit(1);
}

must(process.execPath, [path.join(appDir, 'scripts', 'build-parts.js')]);
if (env.CG_PREBUILT !== '1') must(bin('tsc'), ['-p', 'tests/tsconfig.json']);

must(process.execPath, [path.join(appDir, 'scripts', 'compile.js')]);
env.CG_TEST_COMPILED = '1';
const template = require(path.join(appDir, 'tests', 'helpers', 'make-template.js'));
Object.assign(process.env, { TEST_DATABASE: env.TEST_DATABASE ?? '' });
template.runId();
env.CG_TEST_RUN = process.env.CG_TEST_RUN;
env.CG_TEST_TEMPLATE = template.ensureTemplate();

/** Files of this suite whose opening lines carry `@lane serial`. */
function serialFiles() {
  const roots = postgres ? ['tests/api'] : ['tests/api', 'tests/unit'];
  return roots.flatMap((root) =>
    fs
      .readdirSync(path.join(appDir, root))
      .filter((file) => file.endsWith('.test.ts'))
      .map((file) => `${root}/${file}`)
      .filter((file) => /@lane serial/.test(fs.readFileSync(path.join(appDir, file), 'utf8').slice(0, 600))),
  );
}

const jestBase = ['--config', 'jest.config.js'];
const roots = postgres ? ['tests/api'] : [];
let status = 0;
try {
  if (jestArgs.some((arg) => !arg.startsWith('-'))) {
    status = run(bin('jest'), [...jestBase, ...jestArgs], { CG_TEST_LANE: `${suite}-selected` });
  } else {
    const serial = serialFiles();
    const escape = (file) => file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Last on the line: an array option swallows every test root written after it.
    const ignore = serial.length > 0 ? ['--testPathIgnorePatterns', `(${serial.map(escape).join('|')})`] : [];
    const parallel = run(bin('jest'), [...roots, ...jestBase, '--maxWorkers=2', ...jestArgs, ...ignore], {
      CG_TEST_LANE: `${suite}-parallel`,
    });
    const serialStatus = serial.length > 0 ? run(bin('jest'), [...jestBase, '--runInBand', ...jestArgs, ...serial], { CG_TEST_LANE: `${suite}-serial` }) : 0;
    status = parallel || serialStatus;
    summarize([`${suite}-parallel`, `${suite}-serial`]);
  }
} finally {
  template.dropRunDatabases(env.CG_TEST_RUN);
}
process.stdout.write(`\n${suite} suite ${status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.exit(status);

/** The ten slowest files over both lanes. */
function summarize(lanes) {
  const files = lanes.flatMap((lane) => {
    const file = path.join(appDir, '.tmp', 'test-times', `${lane}.json`);
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).map((entry) => ({ ...entry, lane })) : [];
  });
  const slowest = files.sort((a, b) => b.seconds - a.seconds).slice(0, 10);
  process.stdout.write(`\n${suite}: the ten slowest files\n${slowest.map((e) => `${e.seconds.toFixed(1).padStart(7)} s  ${e.file} (${e.lane})`).join('\n')}\n`);
}

/* eslint-disable */
/**
 * A jest reporter that makes the suite's time visible: at the end of a run it prints every test
 * file's wall time, slowest first, and writes them to .tmp/test-times/<lane>.json, where
 * scripts/run-tests.js and .ci/run read them back. An API file (tests/api/) that takes longer than
 * its limit fails the run and is named: a test file that boots Strapi has a boot to share (see
 * docs/testing.md), not a minute to spend.
 */
const fs = require('fs');
const path = require('path');

const API_FILE_LIMIT_S = Number(process.env.CG_API_FILE_LIMIT_S || 60);

class TimingReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.files = [];
    this.error = undefined;
  }

  onTestResult(_test, result) {
    const seconds = (result.perfStats.end - result.perfStats.start) / 1000;
    const file = path.relative(this.rootDir, result.testFilePath);
    this.files.push({ file, seconds, tests: result.numPassingTests + result.numFailingTests });
  }

  onRunComplete() {
    if (this.files.length === 0) return;
    const lane = process.env.CG_TEST_LANE || 'jest';
    const sorted = [...this.files].sort((a, b) => b.seconds - a.seconds);
    const total = sorted.reduce((sum, entry) => sum + entry.seconds, 0);
    const lines = sorted.map((entry) => `${entry.seconds.toFixed(1).padStart(7)} s  ${String(entry.tests).padStart(4)} tests  ${entry.file}`);
    process.stdout.write(`\nper-file times (${lane}, ${sorted.length} files, ${total.toFixed(0)} s summed over workers):\n${lines.join('\n')}\n`);
    const out = path.join(this.rootDir, '.tmp', 'test-times');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `${lane}.json`), JSON.stringify(sorted, null, 1));
    const over = sorted.filter((entry) => entry.file.startsWith(`tests${path.sep}api${path.sep}`) && entry.seconds > API_FILE_LIMIT_S);
    if (over.length > 0) {
      const names = over.map((entry) => `${entry.file} (${entry.seconds.toFixed(1)} s)`).join(', ');
      this.error = new Error(`API test files over the ${API_FILE_LIMIT_S} s limit: ${names}. Share a boot profile or split the file by concern (docs/testing.md).`);
      process.stdout.write(`\n${this.error.message}\n`);
    }
  }

  getLastError() {
    return this.error;
  }
}

module.exports = TimingReporter;

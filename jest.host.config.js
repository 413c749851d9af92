/**
 * The bare host app's smoke suite: run by scripts/host-app-smoke.sh, which packs the
 * plugin, installs it into a copy of examples/host-app and builds that app's admin, then passes
 * the host's folder as HOST_APP_DIR. The suite starts the host as its own process (its own
 * node_modules, not this repository's Strapi) and talks to it over HTTP only.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/host-app'],
  testMatch: ['<rootDir>/tests/host-app/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tests/tsconfig.json' }] },
  // Booting a fresh host (migrations on an empty SQLite file) and the first sharp jobs take a while.
  testTimeout: 180000,
  maxWorkers: 1,
  cacheDirectory: '<rootDir>/.tmp/jest-cache',
  reporters: ['default', '<rootDir>/tests/helpers/timing-reporter.js'],
};

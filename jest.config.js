/**
 * API and unit suites, run by scripts/run-tests.js (`npm test`, `npm run test:pg`) in two lanes.
 * Each API test file boots a real Strapi from the compiled dist/ on its own database, a copy of
 * the run's template: a temp SQLite file, or with TEST_DATABASE=postgres a PostgreSQL database
 * created and dropped by the harness. docs/testing.md tells how to add a test.
 */
module.exports = {
  // The node environment, plus the shared boot of a file's `@profile` (tests/helpers/profiles.ts).
  testEnvironment: '<rootDir>/tests/helpers/profile-environment.ts',
  roots: ['<rootDir>/tests'],
  testMatch: ['<rootDir>/tests/{api,unit}/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tests/tsconfig.json' }] },
  // Inside the clone: a fresh clone starts cold, and no run depends on state outside it.
  cacheDirectory: '<rootDir>/.tmp/jest-cache',
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  reporters: ['default', '<rootDir>/tests/helpers/timing-reporter.js'],
  // A profile's files one after another: each change of profile in a worker costs a boot.
  testSequencer: '<rootDir>/tests/helpers/profile-sequencer.js',
  testTimeout: 120000,
};

/** Browser suites: real Chromium (Debian's /usr/bin/chromium) driven by playwright-core against the built admin. */
module.exports = {
  // Node's environment, plus Strapi boots kept in the worker's realm (tests/helpers/profile-environment.ts).
  testEnvironment: '<rootDir>/tests/helpers/profile-environment.ts',
  roots: ['<rootDir>/tests'],
  testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tests/tsconfig.json' }] },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  testTimeout: 600000,
  // Two at a time: each file has its own Strapi, port, database and browser.
  maxWorkers: 2,
  cacheDirectory: '<rootDir>/.tmp/jest-cache',
  reporters: ['default', '<rootDir>/tests/helpers/timing-reporter.js'],
};

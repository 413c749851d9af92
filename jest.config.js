/**
 * API and unit suites. Each API test file boots a real Strapi from the compiled dist/
 * (compiled once in globalSetup) on its own database: a temp SQLite file, or with
 * TEST_DATABASE=postgres a fresh PostgreSQL database created and dropped by the harness.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['<rootDir>/tests/{api,unit}/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tests/tsconfig.json' }] },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};

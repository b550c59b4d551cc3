/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  // Tests start real servers and SQLite files; two workers fit the CI machine's two cores.
  maxWorkers: 2,
  testTimeout: 30000,
};

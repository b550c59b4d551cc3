/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/../jest.fast-check.js'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
};

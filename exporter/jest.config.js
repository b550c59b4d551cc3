/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/../jest.fast-check.js'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest'],
    // @octokit/webhooks-methods 6 is ESM-only: jest runs it through swc like our own sources.
    '/node_modules/@octokit/webhooks-methods/.+\\.js$': ['@swc/jest'],
  },
  transformIgnorePatterns: ['/node_modules/(?!@octokit/webhooks-methods/)'],
  // Its package.json exports only an "import" condition, which jest's CommonJS resolver does not match.
  moduleNameMapper: {
    '^@octokit/webhooks-methods$': '<rootDir>/../node_modules/@octokit/webhooks-methods/dist-node/index.js',
  },
  // Tests start real servers and SQLite files; two workers fit the CI machine's two cores.
  maxWorkers: 2,
  testTimeout: 30000,
};

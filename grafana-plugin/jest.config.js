// Dates in fixtures are UTC; make Intl formatting independent of the machine's zone.
process.env.TZ = 'UTC';

const base = require('./.config/jest.config');

// d3-color >= 3.1.1 (pulled in by @grafana/data) ships ESM as .mjs, which the scaffold's transform does not match.
const swc = base.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  ...base,
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  testMatch: ['<rootDir>/src/**/*.test.{ts,tsx}', '<rootDir>/test/**/*.test.{ts,tsx}'],
};

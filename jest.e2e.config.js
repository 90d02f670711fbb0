/** End-to-end suites (several processes, Redis, Chromium): `npm run test:e2e`. Same transform and XSD teardown. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads CommonJS config files
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testMatch: ['**/test/e2e/**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};

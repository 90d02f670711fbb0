/**
 * End-to-end suites (several processes, Redis, Chromium): `npm run test:e2e`. Same transform and
 * XSD teardown. The HTTP contract suite (test/http) runs here twice more, with the gateway speaking
 * OCI-P straight over TCP and over TLS to the simulator (test/e2e/helpers/over-socket.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- jest reads CommonJS config files
const base = require('./jest.config.js');

// One worker (jest's default here): the e2e suites each start several processes of their own.
const { globalSetup, globalTeardown, testTimeout, maxWorkers: _npmTestWorkers, ...project } = base;

/** The HTTP contract suite with OCI_TEST_TRANSPORT set for every file of the project. */
const overSocket = (transport) => ({
  ...project,
  displayName: `http-over-${transport}`,
  testMatch: ['<rootDir>/test/http/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  setupFiles: [`<rootDir>/test/e2e/helpers/transport-${transport}.ts`],
  setupFilesAfterEnv: [...project.setupFilesAfterEnv, '<rootDir>/test/e2e/helpers/over-socket.ts'],
});

module.exports = {
  globalSetup,
  globalTeardown,
  testTimeout,
  projects: [
    {
      ...project,
      displayName: 'e2e',
      testMatch: ['**/test/e2e/**/*.e2e.test.ts'],
      testPathIgnorePatterns: ['/node_modules/'],
    },
    overSocket('tcp'),
    overSocket('tls'),
  ],
};

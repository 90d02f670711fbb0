/** Jest: TypeScript through @swc/jest; jose is ESM-only, so it is transformed too. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Multi-process / Redis / browser suites run with `npm run test:e2e` (jest.e2e.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  transformIgnorePatterns: ['/node_modules/(?!(jose|@seriousme/openapi-schema-validator)/)'],
  globalSetup: '<rootDir>/test/helpers/global-setup.ts',
  // Subscribes each test file to the documents the OCI transport sends (see global-teardown.ts).
  setupFilesAfterEnv: ['<rootDir>/test/helpers/capture-documents.ts'],
  globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
  testTimeout: 20000,
  // Most suites wait on sockets (the simulator, child processes), not on the CPU: two workers
  // keep `npm test` well within its five minutes on a two-core machine, where jest's default is one.
  maxWorkers: 2,
};

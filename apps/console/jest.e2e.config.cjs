// Browser suite: the built server + simulator, driven in real Chromium through playwright-core.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'browser',
  rootDir: __dirname,
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  // builds the console's e2e variant (test hooks on window) that startBuiltServer serves
  globalSetup: '<rootDir>/e2e/support/build-console.setup.ts',
  maxWorkers: 1,
  testTimeout: 120000,
};

// Browser suite: the built server + simulator, driven in real Chromium through playwright-core.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'browser',
  rootDir: __dirname,
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  maxWorkers: 1,
  testTimeout: 120000,
};

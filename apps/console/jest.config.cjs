// Unit specs for the console's pure logic (node env); the browser suite is jest.e2e.config.cjs.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'console',
  rootDir: __dirname,
  // The e2e build's flag (vite.config.ts); unit specs run the production behaviour.
  globals: { __IOC_TEST_HOOKS__: false },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};

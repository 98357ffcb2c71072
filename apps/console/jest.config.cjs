// Unit specs for the console's pure logic (node env); the browser suite is jest.e2e.config.cjs.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'console',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};

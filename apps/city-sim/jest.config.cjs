module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'city-sim',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};

module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'server',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // fault injection and scale-out run in `npm run test:faults` (apps/server/jest.faults.config.cjs)
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
};

// `npm run test:faults`: fault injection (kill -9, broker restart, database outage, live instance killed),
// the MQTT fuzz into a real server and the scale-out test. Separate processes of the built server, so
// tests run one at a time (tools/test-faults.mjs passes --runInBand).
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'faults',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/faults/**/*.spec.ts'],
};

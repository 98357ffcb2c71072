// Every non-browser suite; the browser suite has its own config (apps/console/jest.e2e.config.cjs).
module.exports = {
  projects: [
    '<rootDir>/libs/contracts/jest.config.cjs',
    '<rootDir>/libs/domain/jest.config.cjs',
    '<rootDir>/libs/feeds/jest.config.cjs',
    '<rootDir>/apps/server/jest.config.cjs',
    '<rootDir>/apps/city-sim/jest.config.cjs',
    '<rootDir>/apps/console/jest.config.cjs',
    '<rootDir>/tools/jest.config.cjs',
  ],
};

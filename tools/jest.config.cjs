const preset = require('../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'tools',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  // The PMTiles tool's test decodes tiles with @mapbox/vector-tile and pbf, which ship ESM only.
  transformIgnorePatterns: [
    '/node_modules/(?!(@mapbox/vector-tile|@mapbox/point-geometry|pbf|jose|aedes|aedes-[^/]+|mqemitter[^/]*|hyperid|fastparallel|fastfall|retimer|reusify)/)',
  ],
};

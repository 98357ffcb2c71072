// Shared jest settings: swc for speed (with decorator metadata for NestJS DI) and the @ioc/* path aliases.
const path = require('node:path');
const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j|mj)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true, tsx: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // aedes and its helpers, and jose, ship ESM only; let swc turn them into CommonJS for jest.
  transformIgnorePatterns: [
    '/node_modules/(?!(jose|aedes|aedes-[^/]+|mqemitter[^/]*|hyperid|fastparallel|fastfall|retimer|reusify)/)',
  ],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@ioc/(contracts|feeds|domain)/(.*)$': path.join(root, 'libs/$1/src/$2'),
  },
};

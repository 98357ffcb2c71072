// Shared jest settings: swc for speed (with decorator metadata for NestJS DI) and the @ioc/* path aliases.
const { tsconfigAliases, escapeRegExp } = require('./tools/tsconfig-paths.cjs');

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
  // From tsconfig.base.json `paths`, so the lib list is written once.
  moduleNameMapper: Object.fromEntries(
    tsconfigAliases().map(({ prefix, target }) => [`^${escapeRegExp(prefix)}(.*)$`, `${target}$1`]),
  ),
};

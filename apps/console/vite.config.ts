import react from '@vitejs/plugin-react';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const consoleRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// The server (npm start) listens here; the dev server proxies the API and the live socket to it.
const server = process.env.IOC_SERVER_URL ?? 'http://127.0.0.1:8080';
// The `@ioc/<lib>/*` aliases, from tsconfig.base.json `paths` (the lib list is written once).
const { tsconfigAliases, escapeRegExp } = createRequire(import.meta.url)(
  '../../tools/tsconfig-paths.cjs',
) as {
  tsconfigAliases(): { prefix: string; target: string }[];
  escapeRegExp(text: string): string;
};
const alias = tsconfigAliases().map(({ prefix, target }) => ({
  find: new RegExp(`^${escapeRegExp(prefix)}(.*)$`),
  replacement: `${target}$1`,
}));

/**
 * `--mode e2e` (console:build-e2e) is the variant the browser suite and the console benchmark drive: it
 * puts the TEST HOOKS (`*.test-hook.ts`) on `window`. Every other mode folds `__IOC_TEST_HOOKS__` to
 * false, so the hooks and their dynamic imports are dropped from the bundle (test/production-build.spec.ts).
 */
export default defineConfig(({ mode }) => {
  const testHooks = mode === 'e2e';
  return {
    root: consoleRoot,
    base: '/',
    plugins: [react()],
    define: { __IOC_TEST_HOOKS__: JSON.stringify(testHooks) },
    resolve: {
      alias,
    },
    // maplibre-gl's worker is an ES module; bundle it as one.
    worker: { format: 'es' },
    build: {
      outDir: `${repoRoot}dist/apps/${testHooks ? 'console-e2e' : 'console'}`,
      emptyOutDir: true,
      target: 'es2022',
      // Maps are written for whoever debugs a build but not referenced from the bundles ('hidden'), and the
      // server never serves *.map: they would publish the console's whole source (serve-console.util.ts).
      sourcemap: 'hidden',
      // maplibre-gl alone is ~1 MB minified; one map chunk is expected, not a regression.
      chunkSizeWarningLimit: 1600,
    },
    server: {
      host: '127.0.0.1',
      port: 5173,
      fs: { allow: [repoRoot] },
      proxy: {
        '/api': { target: server },
        '/socket.io': { target: server, ws: true },
      },
    },
    preview: { host: '127.0.0.1', port: 4173 },
  };
});

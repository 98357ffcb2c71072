/**
 * True only in the e2e build (`vite build --mode e2e`, see vite.config.ts): guards every dynamic import of a
 * `*.test-hook.ts` module, so production bundles contain none of them.
 */
declare const __IOC_TEST_HOOKS__: boolean;

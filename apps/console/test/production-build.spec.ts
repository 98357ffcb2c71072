/// <reference types="node" />
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The production console (`console:build`, what the server serves) carries no test hook: nobody can inject
 * sensor values or grab the map from devtools. Only `console:build-e2e` (vite --mode e2e) has them.
 * Runs over the built files, so `npx nx run console:build` (done by `npm test`) must come first.
 */
const dist = join(__dirname, '../../../dist/apps/console');
const HOOK_NAMES = ['__iocMap', '__iocLive', '__iocSensors'];
/** Names of the hook modules and their functions; source maps may name them (their sources quote the guard). */
const HOOK_CODE = [
  '__IOC_TEST_HOOKS__',
  'test-hook',
  'exposeMapForTests',
  'exposeLiveForTests',
  'exposeSensorsForTests',
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('production console build', () => {
  const built = existsSync(join(dist, 'index.html')) ? files(dist) : [];

  it('exists (npx nx run console:build) and holds the bundled console', () => {
    expect(built.map((f) => relative(dist, f))).toContain('index.html');
    const js = built.filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    // positive control: the search below reads the real bundle (maplibre's and the console's own code)
    const all = js.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(all).toContain('maplibregl-canvas');
    expect(all).toContain('/api/config');
  });

  it.each(HOOK_NAMES)('has no %s in any file, source maps included', (name) => {
    const hits = built.filter((f) => readFileSync(f, 'utf8').includes(name)).map((f) => relative(dist, f));
    expect(hits).toEqual([]);
  });

  it.each(HOOK_CODE)('ships no %s in the served files', (name) => {
    const hits = built
      .filter((f) => !f.endsWith('.map') && readFileSync(f, 'utf8').includes(name))
      .map((f) => relative(dist, f));
    expect(hits).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The browser suite drives the e2e build of the console (`console:build-e2e`, with the test hooks), never
 * the production one in dist/apps/console, which has none. Nx caches it, so an unchanged console costs a
 * cache restore only.
 */
export default function buildConsoleForE2e(): void {
  const root = join(__dirname, '../../../..');
  const r = spawnSync('npx', ['nx', 'run', 'console:build-e2e', '--outputStyle=static'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' },
  });
  if (r.status !== 0) throw new Error(`console:build-e2e failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

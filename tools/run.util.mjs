// Small process helpers shared by the start, test and bench scripts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');
export const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Environment for Nx: no cloud, no daemon (CI and one-shot runs gain nothing from it). */
export const nxEnv = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_SKIP_NX_CACHE: process.env.NX_SKIP_NX_CACHE ?? '',
};

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

export function mustRun(cmd, args, opts = {}) {
  const code = run(cmd, args, opts);
  if (code !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(' ')} failed (exit ${code})`);
    process.exit(code);
  }
}

/**
 * Installs dependencies when node_modules is missing or older than the lockfile. npm writes its hidden
 * lockfile a few milliseconds before package-lock.json, so "older" allows a few seconds. A symlinked
 * node_modules (a git worktree sharing another checkout's install) is never reinstalled from here: `npm ci`
 * would empty the shared directory through the link.
 */
export function ensureDependencies() {
  const nm = join(root, 'node_modules');
  const marker = join(nm, '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(nm) && lstatSync(nm).isSymbolicLink()) {
    if (!existsSync(marker))
      console.warn('node_modules is a symlink to an empty install: run npm ci where it points');
    return;
  }
  if (existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs + 5000 >= statSync(lock).mtimeMs))
    return;
  console.log('Installing dependencies (npm ci)…');
  mustRun(npm, ['ci', '--no-audit', '--no-fund']);
}

export function build(projects = ['server', 'console', 'city-sim']) {
  mustRun(
    npx,
    ['nx', 'run-many', '-t', 'build', `--projects=${projects.join(',')}`, '--outputStyle=static'],
    {
      env: nxEnv,
    },
  );
}

/**
 * Node flags the server runs with (`npm start`, the benchmarks; the Dockerfile's CMD repeats them). A larger
 * young generation: the ingest allocates a few short-lived objects per message, and with V8's default
 * 16 MB semi-space the scavenges took ~17 % of the server's CPU at 20k msg/s (CPU profile, docs/performance.md);
 * 64 MB cut the server's CPU per message by ~13 % for ~60 MB more RSS.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

export function spawnNode(args, opts = {}) {
  return spawn(process.execPath, args, { cwd: root, stdio: 'inherit', ...opts });
}

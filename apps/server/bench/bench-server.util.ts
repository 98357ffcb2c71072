import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findRepoRoot } from '../src/app/repo-root.util';

const root = findRepoRoot(__dirname);
/** The built server, as `npm start` runs it. */
export const BUILT_SERVER_MAIN = join(root, 'dist/apps/server/apps/server/src/main.js');

/**
 * Node flags for a server process a benchmark starts: the production ones (`IOC_SERVER_NODE_FLAGS`, set by
 * tools/bench.mjs from SERVER_NODE_FLAGS in tools/run.util.mjs) and the bench's own extras
 * (`BENCH_SERVER_NODE_ARGS`, e.g. `--cpu-prof --cpu-prof-dir=tmp/prof`).
 */
export function serverNodeArgs(): string[] {
  const split = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean);
  return [...split(process.env.IOC_SERVER_NODE_FLAGS), ...split(process.env.BENCH_SERVER_NODE_ARGS)];
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

/**
 * A server process for a benchmark: `main` with the server's node flags, on 127.0.0.1:`port`, without the
 * simulator, logging warnings only; `env` holds the run's own settings (database, broker, roles, session).
 */
export function startBenchServer(
  port: number,
  env: Record<string, string>,
  main = BUILT_SERVER_MAIN,
): ChildProcess {
  return spawn(process.execPath, [...serverNodeArgs(), main], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', SIM: 'false', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** Resolves once the server at `url` answers its health route (60 s at the most). */
export async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) return;
    } catch {
      /* starting */
    }
    if (i > 600) throw new Error('bench server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

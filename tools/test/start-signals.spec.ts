import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start` (tools/start.mjs) must stop everything it started when it alone gets SIGINT or SIGTERM
// (a service manager, `kill <pid>`), not only on a terminal's Ctrl-C to the whole process group: the
// server, the simulator and the embedded PostgreSQL are gone afterwards, and the shutdown is orderly
// (no "LISTEN connection lost" from a database that went away first).
jest.setTimeout(300_000);

const root = join(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const childPids = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

async function waitFor(what: string, ms: number, ok: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// `script`: the signal to tools/start.mjs alone; `npm`: to the `npm start` process itself (a user's
// `kill -INT <pid of npm start>`), which must not leave the script and its children running.
describe.each([
  ['script', 'SIGINT'],
  ['script', 'SIGTERM'],
  ['npm', 'SIGINT'],
] as const)('%s start on %s', (mode, sig) => {
  let start: ChildProcess | null = null;
  let dataDir = '';
  afterEach(() => {
    if (start?.pid && alive(start.pid)) start.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops the server, the simulator and embedded PostgreSQL', async () => {
    if (process.platform !== 'linux') return;
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-start-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NX_NO_CLOUD: 'true',
      NX_DAEMON: 'false',
      PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
      MQTT_PORT: String(await freePort()),
      DATA_DIR: dataDir,
      SIM: 'true',
      IOC_ADMIN_PASSWORD: 'start-signals-test-pw',
    };
    // embedded services: no external database or broker
    delete env.DATABASE_URL;
    delete env.MQTT_URL;
    start = spawn(
      mode === 'npm' ? 'npm' : process.execPath,
      mode === 'npm' ? ['start'] : ['tools/start.mjs'],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    start.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    start.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const exited = new Promise<number | null>((r) => start!.once('exit', (code) => r(code)));
    await waitFor('the console to be ready', 240_000, () => /IOC console ready at/.test(out));
    const sim = Number(/simulator started \(pid (\d+)\)/.exec(out)?.[1]);
    // npm execs the script (package.json), so the script is npm's child and the server the script's
    const script = mode === 'npm' ? childPids(start.pid!)[0] : start.pid!;
    const server = childPids(script)[0];
    const pgPidFile = join(dataDir, 'pg', 'postmaster.pid');
    await waitFor('postmaster.pid', 10_000, () => existsSync(pgPidFile));
    const postgres = Number(readFileSync(pgPidFile, 'utf8').split('\n')[0]);
    const pids = { script, server, sim, postgres };
    expect(Object.values(pids).every((p) => Number.isInteger(p) && p > 0 && alive(p))).toBe(true);

    // to the start script alone, not its process group
    start.kill(sig);
    const code = await exited;
    if (mode === 'script') expect(code).toBe(0);
    await waitFor('every child to be gone', 20_000, () => Object.values(pids).every((p) => !alive(p)));
    expect(Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, alive(p)]))).toEqual({
      script: false,
      server: false,
      sim: false,
      postgres: false,
    });
    expect(out).not.toMatch(/LISTEN connection lost/);
    // the server shut down in order (npm may pass SIGINT on as it is, or the script stop on losing npm)
    expect(out).toMatch(/SIG(INT|TERM): shutting down/);
  });
});

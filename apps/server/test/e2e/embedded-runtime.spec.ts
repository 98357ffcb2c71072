import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { freePort } from '../support/test-broker';
import { login, type ApiClient } from '../support/api-client';
import { waitFor } from '../support/test-db';

// Runs the built server as a user would, with no DATABASE_URL / MQTT_URL: embedded PostgreSQL + aedes.
jest.setTimeout(180_000);

const root = join(__dirname, '../../../..');
const main = join(root, 'dist/apps/server/apps/server/src/main.js');

function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.MQTT_URL;
  delete env.TEST_ADMIN_DATABASE_URL;
  delete env.IOC_ADMIN_PASSWORD;
  return env;
}

/** Running (a zombie left by a killed parent counts as gone: it holds no port, files or memory). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('embedded runtime (built server, no services configured)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-embedded-'));
  let ports: { http: number; pg: number; mqtt: number };
  let child: ChildProcess | null = null;
  let output = '';

  beforeAll(async () => {
    if (!existsSync(main)) throw new Error(`server not built: ${main} (npm test builds it)`);
    ports = { http: await freePort(), pg: await freePort(), mqtt: await freePort() };
  });

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const base = () => `http://127.0.0.1:${ports.http}`;

  const start = () => {
    output = '';
    child = spawn(process.execPath, [main], {
      cwd: root,
      env: {
        ...baseEnv(),
        PORT: String(ports.http),
        HOST: '127.0.0.1',
        EMBEDDED_PG_PORT: String(ports.pg),
        MQTT_PORT: String(ports.mqtt),
        DATA_DIR: dataDir,
        SIM: 'false',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    return waitFor(
      async () => {
        if (child!.exitCode !== null) throw new Error(`server exited: ${output}`);
        const r = await fetch(`http://127.0.0.1:${ports.http}/api/health`);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        return r.status === 200 ? ((await r.json()) as any) : null;
      },
      120_000,
      'healthy server',
    );
  };

  const stop = async (): Promise<number | null> => {
    const c = child!;
    c.kill('SIGINT');
    return new Promise((r) => c.once('exit', (code) => r(code)));
  };

  it('starts embedded PostgreSQL and broker, stores data, stops cleanly and keeps data across restarts', async () => {
    const health = await start();
    expect(health).toMatchObject({ status: 'ok', db: 'ok', broker: 'ok', timescale: false });
    expect(health.roles).toEqual(['ingest', 'api', 'live']);

    // No IOC_ADMIN_PASSWORD: the first start generates the admin's password and prints it once.
    const printed = /Username: (\S+)\s+Password: (\S+)/.exec(output);
    expect(printed?.[1]).toBe('admin');
    const password = printed![2];
    expect(password.length).toBeGreaterThanOrEqual(16);
    let api: ApiClient = await login(base(), 'admin', password);

    // The embedded broker takes publishes from outside the process.
    const t = Math.floor(Date.now() / 1000);
    const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${ports.mqtt}`, {});
    await pub.publishAsync(
      'ioc/senml/embedded-1',
      JSON.stringify([{ bn: 'embedded-1:', bt: t, n: 'pm25', u: 'ug/m3', v: 12.5 }]),
      { qos: 1 },
    );
    await pub.endAsync();
    await waitFor(
      async () => {
        const r = (await api.get('/api/devices/embedded-1')).body;
        return r?.state?.metrics?.pm25?.value === 12.5;
      },
      20_000,
      'reading visible',
    );

    const pgPid = Number(readFileSync(join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n')[0]);
    expect(alive(pgPid)).toBe(true);
    expect(await stop()).toBe(0);
    await waitFor(() => !alive(pgPid), 15_000, 'postgres to exit');
    expect(existsSync(join(dataDir, 'pg/postmaster.pid'))).toBe(false);

    // Second start reuses the cluster and still has the reading (state is reloaded from the database).
    await start();
    // Users persist: no new password is printed, the first one still logs in.
    expect(output).not.toMatch(/Password:/);
    api = await login(base(), 'admin', password);
    const again = (await api.get('/api/devices/embedded-1')).body;
    expect(again.state.metrics.pm25.value).toBe(12.5);
    expect(await stop()).toBe(0);
  });

  it('recovers the cluster after the server was killed with -9', async () => {
    await start();
    const pgPid = Number(readFileSync(join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n')[0]);
    child!.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const health = await start(); // finds the orphan postgres, stops it, starts afresh
    expect(health.db).toBe('ok');
    expect(alive(pgPid)).toBe(false);
    expect(await stop()).toBe(0);
  });

  it('exits non-zero with one line naming PORT when PORT=abc', () => {
    const r = spawnSync(process.execPath, [main], {
      cwd: root,
      env: { ...baseEnv(), PORT: 'abc' },
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
  });
});

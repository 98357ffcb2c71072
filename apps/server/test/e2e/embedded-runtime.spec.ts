import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import mqtt from 'mqtt';
import { freePort } from '../support/test-broker';
import { login, type ApiClient } from '../support/api-client';
import { sql, waitFor } from '../support/test-db';

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

/** Listens on 127.0.0.1:port so that nobody else can; null when something already does. */
function holdPort(port: number): Promise<{ close: () => Promise<void> } | null> {
  return new Promise((res) => {
    const s = createServer();
    s.once('error', () => res(null));
    s.listen(port, '127.0.0.1', () => res({ close: () => new Promise<void>((r) => s.close(() => r())) }));
  });
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

  /** Starts the server; `defaultPorts` leaves EMBEDDED_PG_PORT and MQTT_PORT unset (5433, 1883). */
  const start = (opts: { defaultPorts?: boolean } = {}) => {
    output = '';
    const env: NodeJS.ProcessEnv = {
      ...baseEnv(),
      PORT: String(ports.http),
      HOST: '127.0.0.1',
      EMBEDDED_PG_PORT: String(ports.pg),
      MQTT_PORT: String(ports.mqtt),
      DATA_DIR: dataDir,
      SIM: 'false',
      LOG_LEVEL: 'info',
    };
    if (opts.defaultPorts) {
      delete env.EMBEDDED_PG_PORT;
      delete env.MQTT_PORT;
    }
    child = spawn(process.execPath, [main], {
      cwd: root,
      env,
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

  it('takes free ports when 5433 and 1883 are taken, prints every address, and survives an oversized MQTT packet', async () => {
    // Hold the default ports (if something else already holds one, it is taken all the same).
    const held = await Promise.all([5433, 1883].map(holdPort));
    try {
      await start({ defaultPorts: true });
    } finally {
      await Promise.all(held.map((h) => h?.close()));
    }
    const plain = stripVTControlCharacters(output);
    const pgPort = Number(
      /PostgreSQL at postgres:\/\/ioc@127\.0\.0\.1:(\d+)\/ioc \(embedded, data in /.exec(plain)?.[1],
    );
    const mqttPort = Number(/MQTT broker at mqtt:\/\/127\.0\.0\.1:(\d+) \(embedded\)/.exec(plain)?.[1]);
    expect(plain).toContain(`IOC console ready at http://localhost:${ports.http}`);
    expect(pgPort).toBeGreaterThan(0);
    expect(pgPort).not.toBe(5433);
    expect(mqttPort).toBeGreaterThan(0);
    expect(mqttPort).not.toBe(1883);
    expect(plain).toContain(`port 5433 is in use; the embedded PostgreSQL uses ${pgPort} instead`);

    // An oversized PUBLISH (Mosquitto's message_size_limit: 2 MiB) closes that connection; nothing of it
    // is stored and the server keeps serving.
    const pgPassword = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
    expect(plain).not.toContain(pgPassword);
    const db = `postgres://ioc:${encodeURIComponent(pgPassword)}@127.0.0.1:${pgPort}/ioc`;
    const big = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { reconnectPeriod: 0 });
    big.on('error', () => undefined);
    let closed = false;
    big.once('close', () => (closed = true));
    big.publish('ioc/senml/embedded-big', Buffer.alloc(2 * 1024 * 1024 + 1, 0x20), { qos: 1 });
    await waitFor(() => closed, 10_000, 'the broker to close the oversized publisher');
    await waitFor(() => output.includes('exceeds MQTT_MAX_PACKET_KB'), 10_000, 'the refusal in the log');
    expect((await fetch(`${base()}/api/health`)).status).toBe(200);
    const t = Math.floor(Date.now() / 1000);
    const reading = (v: number) => JSON.stringify([{ bn: 'embedded-big:', bt: t, n: 'pm25', u: 'ug/m3', v }]);
    const small = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {});
    await small.publishAsync('ioc/senml/embedded-big', reading(2), { qos: 1 });
    await small.endAsync();
    // acknowledged after the commit on embedded defaults: the row is there already
    const rows = await sql<{ value: number }>(db, 'SELECT value FROM readings WHERE device_id = $1', [
      'embedded-big',
    ]);
    expect(rows).toEqual([{ value: 2 }]);
    const [{ n }] = await sql<{ n: string }>(db, 'SELECT count(*)::text AS n FROM dead_letters');
    expect(n).toBe('0'); // the oversized packet never reached the ingest
    expect(await stop()).toBe(0);
  });

  // As root, PostgreSQL runs as the `postgres` user, which may be unable to reach the data (or the project).
  if (userInfo().uid === 0) {
    it('as root, says in one line what to do when the postgres user cannot reach DATA_DIR', () => {
      const locked = mkdtempSync(join(tmpdir(), 'ioc-locked-')); // mode 700, owned by root
      try {
        const r = spawnSync(process.execPath, [main], {
          cwd: root,
          env: { ...baseEnv(), DATA_DIR: join(locked, 'data'), PORT: '0', MQTT_PORT: '0', SIM: 'false' },
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(r.status).toBe(1);
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`cannot enter ${locked} (mode 700)`);
        expect(lines[0]).toContain('set DATA_DIR to a directory outside it');
        expect(r.stderr).not.toMatch(/EACCES| {4}at /);
      } finally {
        rmSync(locked, { recursive: true, force: true });
      }
    });
  }

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

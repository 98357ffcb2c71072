import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { publishSenmlStream } from '../support/senml-stream';
import { assertBuilt, faultLine, SERVER_MAIN } from '../support/server-process';
import { freePort } from '../support/test-broker';
import { sql, waitFor } from '../support/test-db';

// Acceptance: on embedded defaults (no DATABASE_URL / MQTT_URL: embedded PostgreSQL and the in-process
// aedes broker) the server is killed with -9 while 50,000 QoS 1 messages are published, then restarted →
// exactly 50,000 rows. The broker dies with the server here, so nothing survives in it: only what was
// committed before its PUBACK went out. The publisher does what a device does: MQTT.js keeps every
// message not yet acknowledged and sends it again once it has reconnected.
jest.setTimeout(300_000);

const TOTAL = 50_000;
const DEVICES = 200;
const run = Date.now().toString(36);
const dataDir = mkdtempSync(join(tmpdir(), 'ioc-embedded-k9-'));
let ports: { http: number; pg: number; mqtt: number };
let server: ChildProcess | null = null;

function startServer(): ChildProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(ports.http),
    HOST: '127.0.0.1',
    EMBEDDED_PG_PORT: String(ports.pg),
    MQTT_PORT: String(ports.mqtt),
    DATA_DIR: dataDir,
    IOC_ADMIN_PASSWORD: 'embedded-k9-admin',
    SIM: 'false',
    LOG_LEVEL: 'warn',
  };
  // embedded defaults: no services configured
  delete env.DATABASE_URL;
  delete env.MQTT_URL;
  delete env.TEST_ADMIN_DATABASE_URL;
  return spawn(process.execPath, [SERVER_MAIN], {
    cwd: join(__dirname, '../../../..'),
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function healthy(child: ChildProcess) {
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
      return (await fetch(`http://127.0.0.1:${ports.http}/api/health`)).status === 200;
    },
    120_000,
    'embedded server health',
  );
}

/** The embedded cluster's own database (password generated on first start, kept in DATA_DIR). */
const dbUrl = () =>
  `postgres://ioc:${encodeURIComponent(readFileSync(join(dataDir, 'pg-password'), 'utf8').trim())}@127.0.0.1:${ports.pg}/ioc`;

const count = async () =>
  Number(
    (
      await sql<{ n: string }>(dbUrl(), 'SELECT count(*)::text AS n FROM readings WHERE device_id LIKE $1', [
        `ek9-${run}-%`,
      ])
    )[0].n,
  );

beforeAll(async () => {
  assertBuilt();
  ports = { http: await freePort(), pg: await freePort(), mqtt: await freePort() };
});

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    // an orderly stop also stops the embedded PostgreSQL
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGINT');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

it(`keeps exactly ${TOTAL} rows when the server with its embedded broker is killed with -9 mid-stream`, async () => {
  server = startServer();
  await healthy(server);

  const pub = await mqtt.connectAsync(`mqtt://127.0.0.1:${ports.mqtt}`, {
    clientId: `pub-ek9-${run}`,
    clean: false,
    reconnectPeriod: 250,
  });
  pub.on('error', () => undefined); // refused connections while the server is down
  const stream = publishSenmlStream(pub, { prefix: `ek9-${run}`, total: TOTAL, devices: DEVICES });
  const publishing = stream.done;

  // Kill once a good part is stored, while the stream still runs.
  await waitFor(async () => (await count()) >= 10_000, 120_000, '10,000 rows before the kill');
  const ackedAtKill = stream.acked();
  server.kill('SIGKILL');
  await new Promise((r) => server!.once('exit', r));
  // the embedded PostgreSQL survives its parent; read what was committed before the restart stops it
  const atKill = await count();
  expect(atKill).toBeLessThan(TOTAL);

  server = startServer();
  await healthy(server);
  await publishing;
  expect(stream.acked()).toBe(TOTAL);
  await pub.endAsync();

  let seen = 0;
  const final = await waitFor(
    async () => {
      seen = await count();
      return seen >= TOTAL ? seen : null;
    },
    60_000,
    `${TOTAL} rows`,
  ).catch(() => seen);
  const [{ distinct_values }] = await sql<{ distinct_values: string }>(
    dbUrl(),
    'SELECT count(DISTINCT value)::text AS distinct_values FROM readings WHERE device_id LIKE $1',
    [`ek9-${run}-%`],
  );
  const counts = faultLine(
    'kill-9 embedded',
    { published: stream.acked(), rows: final, distinct: Number(distinct_values) },
    `embedded PostgreSQL + aedes, ${ackedAtKill} acknowledged and ${atKill} rows at the kill`,
  );
  expect(counts).toEqual({ lost: 0, duplicated: 0 });
});

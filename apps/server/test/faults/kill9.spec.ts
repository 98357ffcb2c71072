import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { publishSenmlStream } from '../support/senml-stream';
import { startFaultBroker, freePort, type TestBroker } from '../support/test-broker';
import { createTestDatabase, sql, waitFor } from '../support/test-db';
import { faultLine } from '../support/server-process';
import { forgetSession } from '../support/test-server';

// Acceptance: kill -9 of the server while 100,000 QoS 1 messages are published, then restart →
// exactly 100,000 rows. Runs the built server as a separate process against a real broker.
jest.setTimeout(300_000);

const root = join(__dirname, '../../../..');
const main = join(root, 'dist/apps/server/apps/server/src/main.js');
const TOTAL = 100_000;
const DEVICES = 200;

let broker: TestBroker;
let db: { url: string; drop: () => Promise<void> };
let server: ChildProcess | null = null;
let port: number;
const run = Date.now().toString(36);

function startServer(): ChildProcess {
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      MQTT_URL: broker.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      // the same client id across restarts: the broker keeps the session and its backlog
      MQTT_CLIENT_ID: `ioc-kill9-${run}`,
      MQTT_SHARED_GROUP: `k${run}`,
      MQTT_SESSION_EXPIRY_S: '600',
      SIM: 'false',
      LOG_LEVEL: 'warn',
      IOC_ROLES: 'ingest,api',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function healthy() {
  await waitFor(
    async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200,
    60_000,
    'server health',
  );
}

const count = async () =>
  Number(
    (
      await sql<{ n: string }>(db.url, 'SELECT count(*)::text AS n FROM readings WHERE device_id LIKE $1', [
        `k9-${run}-%`,
      ])
    )[0].n,
  );

beforeAll(async () => {
  if (!existsSync(main)) throw new Error(`server not built: ${main}`);
  broker = await startFaultBroker();
  db = await createTestDatabase();
  port = await freePort();
});

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  await forgetSession(broker.url, `ioc-kill9-${run}`);
  await broker?.stop();
  await db?.drop();
});

it(`keeps exactly ${TOTAL} rows when the server is killed with -9 mid-stream`, async () => {
  server = startServer();
  await healthy();

  const pub = await mqtt.connectAsync(broker.url, { clientId: `pub-k9-${run}` });
  let killed = false;
  const stream = publishSenmlStream(pub, { prefix: `k9-${run}`, total: TOTAL, devices: DEVICES });
  const publishing = stream.done;

  // Kill once a good part has been stored, while the stream is still running.
  await waitFor(async () => (await count()) >= 20_000, 120_000, '20,000 rows before the kill');
  server.kill('SIGKILL');
  await new Promise((r) => server!.once('exit', r));
  killed = true;
  const atKill = await count();
  expect(atKill).toBeLessThan(TOTAL);

  await new Promise((r) => setTimeout(r, 1000)); // the broker queues for the dead session meanwhile
  server = startServer();
  await healthy();
  await publishing;
  expect(stream.acked()).toBe(TOTAL);
  await pub.endAsync();

  let seen = 0;
  const final = await waitFor(
    async () => {
      seen = await count();
      return seen >= TOTAL ? seen : null;
    },
    180_000,
    `${TOTAL} rows`,
  ).catch((e: Error) => {
    throw new Error(
      `${e.message}: ${seen} rows stored (${atKill} at the kill), ${stream.acked()} publishes acknowledged`,
    );
  });
  expect(killed).toBe(true);
  expect(final).toBe(TOTAL);
  // and every message exactly once: one row per (device, time) with the published value
  const [{ distinct_values }] = await sql<{ distinct_values: string }>(
    db.url,
    'SELECT count(DISTINCT value)::text AS distinct_values FROM readings WHERE device_id LIKE $1',
    [`k9-${run}-%`],
  );
  const counts = faultLine(
    'kill-9 ingest',
    { published: stream.acked(), rows: final, distinct: Number(distinct_values) },
    `${broker.kind} broker, ${atKill} rows at the kill`,
  );
  expect(counts).toEqual({ lost: 0, duplicated: 0 });
  expect(distinct_values).toBe(String(TOTAL));
});

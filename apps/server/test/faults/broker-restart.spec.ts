import mqtt from 'mqtt';
import {
  assertBuilt,
  faultLine,
  jwtSecretFor,
  startServerProcess,
  type ServerProcess,
} from '../support/server-process';
import { startFaultBroker, type TestBroker } from '../support/test-broker';
import { createTestDatabase, sql, waitFor } from '../support/test-db';
import { forgetSession } from '../support/test-server';

// Fault: the broker (Mosquitto with persistence) is restarted while 30,000 QoS 1 messages stream in. The
// publisher and the server reconnect on their own; the broker keeps both sessions, the server's
// subscription and its unacknowledged backlog in its persistence file, so every message is stored once.
// Mosquitto 2.0 restores the session (session present) but not its `$share/…` subscription; the server
// re-subscribes on every reconnect (forced: MQTT.js would skip filters it thinks the session holds).
// Until it has, a shared subscription has no member and the broker drops what devices publish: the
// publisher here backs off 5 s before reconnecting, like field devices do, while the ingest retries every
// second. (With a 300 ms publisher back-off, ahead of the ingest, ~8,000 of 30,000 were lost: see
// docs/architecture.md, "Fault tolerance".)
jest.setTimeout(240_000);

const TOTAL = 30_000;
const PUBLISHER_BACKOFF_MS = 5000;
const DEVICES = 100;
const run = Date.now().toString(36);
let broker: TestBroker;
let db: { url: string; drop: () => Promise<void> };
let server: ServerProcess | null = null;

beforeAll(async () => {
  assertBuilt();
  broker = await startFaultBroker();
  db = await createTestDatabase();
});

afterAll(async () => {
  await server?.kill();
  if (server) await forgetSession(broker.url, server.clientId);
  await broker?.stop();
  await db?.drop();
});

const counts = async () => {
  const [r] = await sql<{ n: string; d: string }>(
    db.url,
    'SELECT count(*)::text AS n, count(DISTINCT value)::text AS d FROM readings WHERE device_id LIKE $1',
    [`br-${run}-%`],
  );
  return { rows: Number(r.n), distinct: Number(r.d) };
};

it(`stores all ${TOTAL} messages exactly once across a broker restart`, async () => {
  if (!broker.restart)
    throw new Error('broker restart needs a Mosquitto of our own (mosquitto not installed)');
  server = await startServerProcess({
    databaseUrl: db.url,
    mqttUrl: broker.url,
    roles: 'ingest,api',
    clientId: `ioc-br-${run}`,
    env: { MQTT_SHARED_GROUP: `br${run}` },
    jwtSecret: jwtSecretFor('br'),
  });
  const pub = await mqtt.connectAsync(broker.url, {
    clientId: `pub-br-${run}`,
    clean: false,
    reconnectPeriod: PUBLISHER_BACKOFF_MS,
  });
  const t0 = Math.floor(Date.now() / 1000) - 86_400; // a day back: inside the retention window
  let next = 0;
  let acked = 0;
  const publishAll = async () => {
    while (next < TOTAL) {
      const i = next++;
      const dev = `br-${run}-${i % DEVICES}`;
      const payload = JSON.stringify([
        { bn: `${dev}:`, bt: t0 + Math.floor(i / DEVICES), n: 'pm25', u: 'ug/m3', v: i },
      ]);
      await pub.publishAsync(`ioc/senml/${dev}`, payload, { qos: 1 });
      acked++;
    }
  };
  const publishing = Promise.all(Array.from({ length: 200 }, publishAll));

  await waitFor(async () => (await counts()).rows >= 6_000, 120_000, '6,000 rows before the restart');
  const before = await counts();
  await broker.restart(2000);
  const restartedAt = await counts();
  await publishing;
  expect(acked).toBe(TOTAL);
  await pub.endAsync();

  let last = { rows: 0, distinct: 0 };
  await waitFor(
    async () => {
      last = await counts();
      return last.rows >= TOTAL;
    },
    150_000,
    `${TOTAL} rows`,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${last.rows} rows stored, ${acked} publishes acknowledged`);
  });
  await new Promise((r) => setTimeout(r, 1000)); // anything late would show up as a duplicate
  last = await counts();
  expect(before.rows).toBeLessThan(TOTAL);
  const c = faultLine(
    'broker restart',
    { published: acked, ...last },
    `${before.rows} rows at the stop, ${restartedAt.rows} when the broker was back, publisher back-off ${PUBLISHER_BACKOFF_MS / 1000} s`,
  );
  expect(c).toEqual({ lost: 0, duplicated: 0 });
});

import mqtt from 'mqtt';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import {
  adminToken,
  assertBuilt,
  faultLine,
  jwtSecretFor,
  rssOf,
  startServerProcess,
  type ServerProcess,
} from '../support/server-process';
import { startFaultBroker, type TestBroker } from '../support/test-broker';
import { sql, waitFor } from '../support/test-db';
import { forgetSession } from '../support/test-server';

// Fault: the database (a private PostgreSQL, never the machine's shared cluster) stops for 60 s in the
// middle of a QoS 1 stream. The ingest keeps the messages unacknowledged (the broker holds them), its
// memory stays bounded (RSS sampled every second), and after the restart every message lands once.
jest.setTimeout(300_000);

const TOTAL = 40_000;
const DEVICES = 100;
const OUTAGE_MS = Number(process.env.FAULT_DB_OUTAGE_MS ?? 60_000);
const RSS_LIMIT = 600 * 1024 * 1024;
const run = Date.now().toString(36);
const secret = jwtSecretFor('db');
let pg: PrivatePostgres;
let broker: TestBroker;
let server: ServerProcess | null = null;

beforeAll(async () => {
  assertBuilt();
  [pg, broker] = await Promise.all([startPrivatePostgres(), startFaultBroker()]);
});

afterAll(async () => {
  await server?.kill();
  if (server) await forgetSession(broker.url, server.clientId);
  await broker?.stop();
  await pg?.destroy();
});

const counts = async () => {
  const [r] = await sql<{ n: string; d: string }>(
    pg.url,
    'SELECT count(*)::text AS n, count(DISTINCT value)::text AS d FROM readings WHERE device_id LIKE $1',
    [`db-${run}-%`],
  );
  return { rows: Number(r.n), distinct: Number(r.d) };
};

it(`holds acks through a ${OUTAGE_MS / 1000} s database outage and stores all ${TOTAL} messages once`, async () => {
  server = await startServerProcess({
    databaseUrl: pg.url,
    mqttUrl: broker.url,
    roles: 'ingest,api',
    clientId: `ioc-db-${run}`,
    env: { MQTT_SHARED_GROUP: `db${run}` },
    jwtSecret: secret,
  });
  const pub = await mqtt.connectAsync(broker.url, { clientId: `pub-db-${run}`, clean: false });
  const t0 = Math.floor(Date.now() / 1000) - 86_400; // a day back: inside the retention window
  let next = 0;
  let acked = 0;
  const publishAll = async () => {
    while (next < TOTAL) {
      const i = next++;
      const dev = `db-${run}-${i % DEVICES}`;
      await pub.publishAsync(
        `ioc/senml/${dev}`,
        JSON.stringify([{ bn: `${dev}:`, bt: t0 + Math.floor(i / DEVICES), n: 'pm25', u: 'ug/m3', v: i }]),
        { qos: 1 },
      );
      acked++;
    }
  };
  const publishing = Promise.all(Array.from({ length: 100 }, publishAll));

  await waitFor(async () => (await counts()).rows >= 5_000, 120_000, '5,000 rows before the outage');
  const rssBefore = await rssOf(server.child.pid!);
  const token = await adminToken(pg.url, secret);
  // The broker's own count of messages it still holds ($SYS, every 10 s): unacknowledged ones stay there.
  let heldByBroker = 0;
  const sys = await mqtt.connectAsync(broker.url, { clientId: `sys-db-${run}` });
  sys.on('message', (_t, p) => (heldByBroker = Math.max(heldByBroker, Number(p.toString()) || 0)));
  await pg.stop();
  const stoppedAt = Date.now();
  await sys.subscribeAsync('$SYS/broker/store/messages/count');
  let peak = rssBefore;
  const samples: number[] = [];
  let checkedApi = false;
  while (Date.now() - stoppedAt < OUTAGE_MS) {
    await new Promise((r) => setTimeout(r, 1000));
    if (!checkedApi && Date.now() - stoppedAt > 5_000) {
      // REST says "temporarily unavailable", not "server error", while the database is away
      const ready = await fetch(`${server.url}/api/health/ready`);
      expect(ready.status).toBe(503);
      const api = await fetch(`${server.url}/api/incidents`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('5');
      expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
      checkedApi = true;
    }
    expect(server.child.exitCode).toBeNull(); // the ingest survives the outage
    const rss = await rssOf(server.child.pid!);
    samples.push(rss);
    peak = Math.max(peak, rss);
  }
  sys.removeAllListeners('message');
  await sys.endAsync();
  const publishedDuringOutage = acked;
  await pg.start();
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
    `${TOTAL} rows after the restart`,
  ).catch((e: Error) => {
    throw new Error(`${e.message}: ${last.rows} rows stored, ${acked} publishes acknowledged`);
  });
  await new Promise((r) => setTimeout(r, 1000));
  last = await counts();
  const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
  const c = faultLine(
    'database outage',
    { published: acked, ...last },
    `${OUTAGE_MS / 1000} s down, ${publishedDuringOutage} published by its end, RSS ${mb(rssBefore)} before, peak ${mb(peak)} over ${samples.length} samples, up to ${heldByBroker} messages held unacknowledged in the broker`,
  );
  expect(c).toEqual({ lost: 0, duplicated: 0 });
  expect(peak).toBeLessThan(RSS_LIMIT);
  // the ingest acknowledged nothing it could not store: the broker kept thousands of messages meanwhile
  if (broker.kind === 'mosquitto') expect(heldByBroker).toBeGreaterThan(1000);
});

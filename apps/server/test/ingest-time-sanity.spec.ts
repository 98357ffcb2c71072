import mqtt, { type MqttClient } from 'mqtt';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { IngestService } from '../src/ingest/ingest.service';
import type { ApiClient } from './support/api-client';
import { LiveTestClient } from './support/live-client';
import { mqttUrl, sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Time sanity against a real server, broker and database: a reading from year 9999 is dead-lettered and
// the sensor's live value (REST latest values, socket snapshot and deltas) keeps following normal readings;
// data older than the retention window is dead-lettered instead of stored; start-up seeding of the live
// state skips a future row already in the table.
jest.setTimeout(90_000);

const run = Date.now().toString(36);
const DEV = `tsane-${run}`;
const TOPIC = `ioc/senml/${DEV}`;
const Y9999 = Date.UTC(9999, 0, 1) / 1000;
let server: TestServer;
let api: ApiClient;
let pub: MqttClient;

beforeAll(async () => {
  server = await startTestServer();
  api = await server.as('supervisor');
  pub = await mqtt.connectAsync(mqttUrl(), { clientId: `pub-tsane-${run}` });
});

afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
});

const db = <T>(text: string, params: unknown[] = []) => sql<T>(server.databaseUrl, text, params);
/** One SenML pack of DEV: [epoch seconds, pm25] per record. */
const pack = (...records: [number, number][]) =>
  JSON.stringify(records.map(([t, v], i) => ({ ...(i === 0 ? { bn: `${DEV}:` } : {}), n: 'pm25', v, t })));
const publish = (payload: string) => pub.publishAsync(TOPIC, payload, { qos: 1 });
const pm25 = (states: SensorState[] | null | undefined, id = DEV) =>
  states?.find((s) => s.deviceId === id)?.metrics['pm25'];
const restPm25 = async (c: ApiClient = api, id = DEV) =>
  pm25((await c.get<{ states: SensorState[] }>('/api/sensors/state')).body.states, id);
const deadLetters = () =>
  db<{ reason: string }>('SELECT reason FROM dead_letters WHERE topic = $1 ORDER BY id', [TOPIC]);

it('dead-letters a year-9999 reading; the map value keeps following normal readings', async () => {
  const live = new LiveTestClient(server.url, await server.token('operator'));
  await live.connect();
  await live.subscribe({ layers: ['sensors'] });
  const now = Date.now() / 1000;

  await publish(pack([now - 60, 10]));
  await waitFor(async () => (await restPm25())?.value === 10, 15_000, 'first value on the map');
  await publish(pack([Y9999, 9999]));
  await waitFor(async () => (await deadLetters()).length === 1, 15_000, 'dead letter of the 9999 reading');
  expect((await deadLetters())[0].reason).toMatch(
    new RegExp(
      `^time_in_future: reading pm25 of ${DEV} at 9999-01-01T00:00:00\\.000Z is more than 300 s ahead of the server clock`,
    ),
  );
  await publish(pack([now - 30, 20]));
  await waitFor(async () => (await restPm25())?.value === 20, 15_000, 'the next normal value on the map');
  expect(await restPm25()).toEqual({
    value: 20,
    unit: null,
    time: new Date(Math.round((now - 30) * 1000)).toISOString(),
  });
  // the open socket saw the normal values only, and a new subscriber's snapshot has the latest one
  await waitFor(() => live.sensorDeltas.some((d) => pm25(d.states)?.value === 20), 15_000, 'delta of 20');
  const seen = live.sensorDeltas.flatMap((d) => (pm25(d.states) ? [pm25(d.states)!.value] : []));
  expect(seen).not.toContain(9999);
  live.close();
  const fresh = new LiveTestClient(server.url, await server.token('operator'));
  await fresh.connect();
  await fresh.subscribe({ layers: ['sensors'] });
  await waitFor(() => fresh.snapshot, 15_000, 'snapshot');
  expect(pm25(fresh.snapshot)?.value).toBe(20);
  fresh.close();

  await server.app.get(IngestService).drain();
  expect(await db('SELECT value FROM readings WHERE device_id = $1 ORDER BY time', [DEV])).toEqual([
    { value: 10 },
    { value: 20 },
  ]);
});

it('refuses the whole message when one record of a pack is in the future (nothing is half-stored)', async () => {
  const now = Date.now() / 1000;
  const before = (await deadLetters()).length;
  await publish(pack([now - 20, 21], [now + 3600, 22]));
  await waitFor(async () => (await deadLetters()).length === before + 1, 15_000, 'dead letter of the pack');
  expect((await deadLetters())[before].reason).toMatch(
    new RegExp(`^time_in_future: reading pm25 of ${DEV} at .* \\(1 of 2 records outside the window\\)$`),
  );
  await server.app.get(IngestService).drain();
  expect(await db('SELECT value FROM readings WHERE device_id = $1 AND value > 20', [DEV])).toEqual([]);
});

it('dead-letters a reading older than the retention window (time_before_retention) instead of storing it', async () => {
  const before = (await deadLetters()).length;
  const old = Date.now() / 1000 - 366 * 86400;
  await publish(pack([old, 33]));
  await waitFor(
    async () => (await deadLetters()).length === before + 1,
    15_000,
    'dead letter of the old pack',
  );
  expect((await deadLetters())[before].reason).toMatch(
    /^time_before_retention: reading pm25 of .* is older than the retention window \(RETENTION_DAYS=365: before /,
  );
  // the dead letters are visible to supervisors with their reason
  const listed = await api.get<{ reason: string }[]>(`/api/dead-letters?topic=${encodeURIComponent(TOPIC)}`);
  expect(listed.status).toBe(200);
  expect(JSON.stringify(listed.body)).toContain('time_before_retention');
  await server.app.get(IngestService).drain();
  expect(await db('SELECT value FROM readings WHERE device_id = $1 AND value = 33', [DEV])).toEqual([]);
});

it('seeding the live state at start-up ignores a future row already in the database', async () => {
  const seeded = `seed-${run}`;
  const normal = new Date(Date.now() - 10 * 60_000).toISOString();
  // rows stored before the ingest refused future times (or written by another tool)
  await db(
    `INSERT INTO readings (time, device_id, metric, value, unit, source) VALUES
       ($1, $3, 'pm25', 42, 'ug/m3', 'senml'), ($2, $3, 'pm25', 9999, 'ug/m3', 'senml')`,
    [normal, '9999-01-01T00:00:00Z', seeded],
  );
  const second = await startTestServer({
    DATABASE_URL: server.databaseUrl,
    IOC_ADMIN_PASSWORD: server.admin.password,
    IOC_ROLES: 'api,live',
  });
  try {
    const admin = await second.as('admin');
    expect(await restPm25(admin, seeded)).toEqual({ value: 42, unit: 'ug/m3', time: normal });
    const live = new LiveTestClient(second.url, admin.token!);
    await live.connect();
    await live.subscribe({ layers: ['sensors'] });
    await waitFor(() => live.snapshot, 15_000, 'snapshot');
    expect(pm25(live.snapshot, seeded)?.value).toBe(42);
    live.close();
  } finally {
    await second.close();
  }
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { ALL_DURABLE, liveClient, type LiveTestClient } from '../support/live-client';
import {
  adminToken,
  assertBuilt,
  faultLine,
  jwtSecretFor,
  startServerProcess,
  type ServerProcess,
} from '../support/server-process';
import { startFaultBroker, type TestBroker } from '../support/test-broker';
import { createTestDatabase, sql, waitFor } from '../support/test-db';
import { forgetSession } from '../support/test-server';

// Scale-out: 2 ingest instances (one MQTT shared subscription) + 2 live instances + 1 api instance, each
// its own process of the built server, one broker, one database. Both ingest instances commit a share of
// the load, nothing is lost or stored twice, and clients on both live instances see every durable event.
jest.setTimeout(240_000);

const READINGS = 20_000;
const EVENTS = 200;
const DEVICES = 100;
const run = Date.now().toString(36);
const secret = jwtSecretFor('scale');
let broker: TestBroker;
let db: { url: string; drop: () => Promise<void> };
const procs: ServerProcess[] = [];
const clients: LiveTestClient[] = [];

beforeAll(async () => {
  assertBuilt();
  broker = await startFaultBroker();
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await Promise.all(procs.map((p) => p.kill()));
  for (const p of procs) await forgetSession(broker.url, p.clientId);
  await broker?.stop();
  await db?.drop();
});

const frigate = JSON.parse(
  readFileSync(join(__dirname, '../../../../libs/feeds/fixtures/frigate-events.json'), 'utf8'),
) as { before: Record<string, unknown>; after: Record<string, unknown> };
/** Events start now-ish: times outside the retention window are dead-lettered. */
const START_S = Math.floor(Date.now() / 1000) - 600;

it('shares the load between two ingest instances and serves every event on both live instances', async () => {
  const start = (roles: string) =>
    startServerProcess({
      databaseUrl: db.url,
      mqttUrl: broker.url,
      roles,
      env: { MQTT_SHARED_GROUP: `so${run}` },
      jwtSecret: secret,
    });
  const first = await start('ingest'); // migrates and creates the first admin before the others start
  const [second, liveA, liveB, api] = await Promise.all([
    start('ingest'),
    start('live'),
    start('live'),
    start('api'),
  ]);
  procs.push(first, second, liveA, liveB, api);
  const token = await adminToken(db.url, secret);
  const headers = { authorization: `Bearer ${token}` };

  const onA = await liveClient(liveA.url, token);
  const onB = await liveClient(liveB.url, token);
  clients.push(onA, onB);
  await onA.subscribe({ layers: ALL_DURABLE });
  await onB.subscribe({ layers: ALL_DURABLE });

  const pub = await mqtt.connectAsync(broker.url, { clientId: `so-pub-${run}` });
  const t0 = Math.floor(Date.now() / 1000) - 86_400; // a day back: inside the retention window
  let next = 0;
  let acked = 0;
  const publishReadings = async () => {
    while (next < READINGS) {
      const i = next++;
      const dev = `so-${run}-${i % DEVICES}`;
      await pub.publishAsync(
        `ioc/senml/${dev}`,
        JSON.stringify([{ bn: `${dev}:`, bt: t0 + Math.floor(i / DEVICES), n: 'pm25', u: 'ug/m3', v: i }]),
        { qos: 1 },
      );
      acked++;
    }
  };
  let events = 0;
  const publishEvents = async () => {
    for (let i = 0; i < EVENTS; i++) {
      const id = `${1700000000 + i}.5-${run}`;
      const after = {
        ...frigate.after,
        id,
        camera: 'cam_cho_phan_thiet',
        start_time: START_S,
        end_time: null,
      };
      await pub.publishAsync(
        'frigate/events',
        JSON.stringify({ type: 'new', before: { ...frigate.before, id }, after }),
        { qos: 1 },
      );
      events++;
    }
  };
  await Promise.all([...Array.from({ length: 100 }, publishReadings), publishEvents()]);
  await pub.endAsync();

  let stored = { rows: 0, distinct: 0 };
  await waitFor(
    async () => {
      const [r] = await sql<{ n: string; d: string }>(
        db.url,
        'SELECT count(*)::text AS n, count(DISTINCT value)::text AS d FROM readings WHERE device_id LIKE $1',
        [`so-${run}-%`],
      );
      stored = { rows: Number(r.n), distinct: Number(r.d) };
      return stored.rows >= READINGS;
    },
    120_000,
    `${READINGS} readings`,
  );
  const seqs = await waitFor(
    async () => {
      const s = (
        await sql<{ seq: string }>(
          db.url,
          `SELECT seq FROM live_events WHERE kind = 'camera_event' ORDER BY seq`,
        )
      ).map((r) => Number(r.seq));
      return s.length === EVENTS ? s : null;
    },
    60_000,
    `${EVENTS} camera events`,
  );
  const cam = (r: { event: { kind: string } }) => r.event.kind === 'camera_event';
  for (const c of [onA, onB]) {
    await waitFor(() => c.seqs(cam).length >= EVENTS, 30_000, 'every camera event at a client');
    expect(c.seqs(cam)).toEqual(seqs);
  }

  // Each ingest instance's share, from its own counters (the api instance has no ingest).
  const shares: number[] = [];
  for (const p of [first, second]) {
    const r = await fetch(`${p.url}/api/ingest/stats`, { headers });
    expect(r.status).toBe(200);
    shares.push(((await r.json()) as { readings: number }).readings);
  }
  expect((await fetch(`${api.url}/api/incidents`, { headers })).status).toBe(200);
  const c = faultLine(
    'scale-out',
    { published: acked, ...stored },
    `ingest shares ${shares.join(' + ')} = ${shares[0] + shares[1]}; ${EVENTS} camera events seen by both live instances`,
  );
  console.log(
    `scale-out shares: ingest-1 ${((100 * shares[0]) / READINGS).toFixed(1)} %, ingest-2 ${((100 * shares[1]) / READINGS).toFixed(1)} %`,
  );
  expect(c).toEqual({ lost: 0, duplicated: 0 });
  expect(events).toBe(EVENTS);
  expect(shares[0]).toBeGreaterThan(0);
  expect(shares[1]).toBeGreaterThan(0);
  expect(shares[0] + shares[1]).toBe(READINGS);
});

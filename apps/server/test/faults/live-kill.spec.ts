import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
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

// Fault: a live instance is killed with -9 while durable events stream. Its clients reconnect to the
// other live instance with the last seq they hold (the console's resume protocol) and end up with every
// event exactly once.
jest.setTimeout(240_000);

const EVENTS = 400;
const CLIENTS = 5;
const run = Date.now().toString(36);
const secret = jwtSecretFor('live');
let broker: TestBroker;
let db: { url: string; drop: () => Promise<void> };
const procs: ServerProcess[] = [];
const clients: LiveTestClient[] = [];
let pub: MqttClient | null = null;

beforeAll(async () => {
  assertBuilt();
  broker = await startFaultBroker();
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await pub?.endAsync();
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

const cameraSeqs = async () =>
  (
    await sql<{ seq: string }>(db.url, `SELECT seq FROM live_events WHERE kind = 'camera_event' ORDER BY seq`)
  ).map((r) => Number(r.seq));

it(`clients of a killed live instance resume on another by seq and miss none of ${EVENTS} events`, async () => {
  const start = (roles: string) =>
    startServerProcess({
      databaseUrl: db.url,
      mqttUrl: broker.url,
      roles,
      env: { MQTT_SHARED_GROUP: `lk${run}` },
      jwtSecret: secret,
    });
  procs.push(await start('ingest')); // migrates and creates the first admin
  const [a, b] = await Promise.all([start('live'), start('live')]);
  procs.push(a, b);
  const token = await adminToken(db.url, secret);

  const onA = await Promise.all(Array.from({ length: CLIENTS }, () => liveClient(a.url, token)));
  clients.push(...onA);
  for (const c of onA) await c.subscribe({ layers: ALL_DURABLE });

  pub = await mqtt.connectAsync(broker.url, { clientId: `lk-pub-${run}` });
  let published = 0;
  const publishing = (async () => {
    for (let i = 0; i < EVENTS; i++) {
      const id = `${1700000000 + i}.5-${run}`;
      const after = {
        ...frigate.after,
        id,
        camera: 'cam_cho_phan_thiet',
        start_time: START_S,
        end_time: null,
      };
      await pub!.publishAsync(
        'frigate/events',
        JSON.stringify({ type: 'new', before: { ...frigate.before, id }, after }),
        { qos: 1 },
      );
      published++;
      await new Promise((r) => setTimeout(r, 10)); // a stream, not one burst: the kill lands mid-way
    }
  })();

  await waitFor(() => onA.every((c) => c.received.length >= 100), 60_000, '100 events at every client');
  await a.kill('SIGKILL');
  const atKill = onA.map((c) => c.received.length);
  // Each client notices the dead socket and moves to instance B with the last seq it holds.
  await waitFor(() => onA.every((c) => !c.socket.connected), 30_000, 'clients see the disconnect');
  const moved = await Promise.all(onA.map(() => liveClient(b.url, token)));
  clients.push(...moved);
  for (let i = 0; i < CLIENTS; i++)
    await moved[i].subscribe({ layers: ALL_DURABLE, lastSeq: onA[i].lastSeq! });

  await publishing;
  const all = await waitFor(
    async () => {
      const s = await cameraSeqs();
      return s.length === EVENTS ? s : null;
    },
    60_000,
    `${EVENTS} camera events in the outbox`,
  );
  for (const m of moved)
    await waitFor(
      () => m.seqs((r) => r.event.kind === 'camera_event').at(-1) === all.at(-1),
      30_000,
      'the last event on B',
    );

  let rows = 0;
  let distinct = 0;
  for (let i = 0; i < CLIENTS; i++) {
    const cam = (r: { event: { kind: string } }) => r.event.kind === 'camera_event';
    const seqs = [...onA[i].seqs(cam), ...moved[i].seqs(cam)];
    rows += seqs.length;
    distinct += new Set(seqs.filter((s) => all.includes(s))).size;
    expect(seqs).toEqual(all); // in order, none missing, none twice
  }
  const c = faultLine(
    'live instance killed',
    { published: published * CLIENTS, rows, distinct },
    `${published} events × ${CLIENTS} clients, ${all.length} in the outbox, ${Math.min(...atKill)}–${Math.max(...atKill)} per client before the kill`,
  );
  expect(c).toEqual({ lost: 0, duplicated: 0 });
});

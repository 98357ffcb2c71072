import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { signJwt } from '../src/auth/jwt.util';
import { ALL_DURABLE, liveClient, type LiveTestClient, type Received } from './support/live-client';
import { freePort, startFaultBroker, type TestBroker } from './support/test-broker';
import { createTestDatabase, sql, waitFor } from './support/test-db';
import { forgetSession } from './support/test-server';

// Acceptance 3: two server processes with IOC_ROLES=live on different ports plus one ingest process, one
// database, one broker: clients on both live instances receive every durable event (written by the
// ingest process) and the sensor state the ingest computes; a client moving from one instance to the
// other resumes by seq. Runs the built server (`npm test` builds it) as separate OS processes.
jest.setTimeout(240_000);

const root = join(__dirname, '../../..');
const main = join(root, 'dist/apps/server/apps/server/src/main.js');
const run = randomBytes(4).toString('hex');
const JWT_SECRET = `live-instances-${run}-0123456789abcdef0123456789`;
const ADMIN_PASSWORD = `admin-${run}-secret`;

interface Proc {
  child: ChildProcess;
  port: number;
  url: string;
  clientId: string;
}

let db: { url: string; drop: () => Promise<void> };
const procs: Proc[] = [];
let pub: MqttClient;
// A Mosquitto of this test's own: three server processes on the shared test broker competed with every
// other test's traffic (the shared one only where no Mosquitto is installed).
let broker: TestBroker;
const clients: LiveTestClient[] = [];

async function start(roles: string): Promise<Proc> {
  const port = await freePort();
  const clientId = `ioc-li-${run}-${roles.replace(/,/g, '')}-${port}`;
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      MQTT_URL: broker.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      IOC_ROLES: roles,
      MQTT_CLIENT_ID: clientId,
      MQTT_SHARED_GROUP: `li${run}`,
      MQTT_SESSION_EXPIRY_S: '120',
      JWT_SECRET,
      IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SIM: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const p = { child, port, url: `http://127.0.0.1:${port}`, clientId };
  procs.push(p);
  await waitFor(
    async () => child.exitCode === null && (await fetch(`${p.url}/api/health`)).status === 200,
    90_000,
    `${roles} process health`,
  );
  return p;
}

beforeAll(async () => {
  broker = await startFaultBroker();
  if (!existsSync(main)) throw new Error(`server not built: ${main} (npm test builds it)`);
  db = await createTestDatabase();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await pub?.endAsync();
  for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGTERM');
  await Promise.all(
    procs.map((p) => (p.child.exitCode === null ? new Promise((r) => p.child.once('exit', r)) : null)),
  );
  for (const p of procs) await forgetSession(broker.url, p.clientId);
  await broker?.stop();
  await db?.drop();
});

const frigate = JSON.parse(
  readFileSync(join(__dirname, '../../../libs/feeds/fixtures/frigate-events.json'), 'utf8'),
) as { before: Record<string, unknown>; after: Record<string, unknown> };
/** Events start now-ish: times outside the retention window are dead-lettered. */
const START_S = Math.floor(Date.now() / 1000) - 600;

async function publishCameraEvents(from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++) {
    const id = `${1700000000 + i}.5-${run}`;
    const after = { ...frigate.after, id, camera: 'cam_cho_phan_thiet', start_time: START_S, end_time: null };
    await pub.publishAsync(
      'frigate/events',
      JSON.stringify({ type: 'new', before: { ...frigate.before, id }, after }),
      { qos: 1 },
    );
  }
}

// Only camera events are this test's own: the rules engine and device monitor of the ingest process may add
// incident events to the outbox meanwhile (time-of-day rules, silent devices), which the clients also get.
const isCamera = (r: Received) => r.event.kind === 'camera_event';

const cameraSeqs = async () =>
  (
    await sql<{ seq: string }>(db.url, `SELECT seq FROM live_events WHERE kind = 'camera_event' ORDER BY seq`)
  ).map((r) => Number(r.seq));

/** The newest pm25 value a client holds for a device, from its snapshot and deltas. */
function latestValue(c: LiveTestClient, deviceId: string): number | null {
  let v: number | null = null;
  for (const s of c.snapshot ?? []) if (s.deviceId === deviceId) v = s.metrics.pm25?.value ?? v;
  for (const d of c.sensorDeltas)
    for (const s of d.states) if (s.deviceId === deviceId) v = s.metrics.pm25?.value ?? v;
  return v;
}

it('serves every event on every live instance whichever process wrote it', async () => {
  // The ingest process first: it migrates the database and creates the first admin.
  await start('ingest');
  const [a, b] = await Promise.all([start('live'), start('live')]);
  const [{ id: adminId }] = await sql<{ id: string }>(db.url, 'SELECT id FROM users WHERE username = $1', [
    'admin',
  ]);
  const token = await signJwt(
    { sub: adminId, username: 'admin', role: 'admin', typ: 'access' },
    JWT_SECRET,
    600,
  );

  const onA = await liveClient(a.url, token);
  const onB = await liveClient(b.url, token);
  clients.push(onA, onB);
  const layers = [...ALL_DURABLE, 'sensors' as const];
  await onA.subscribe({ layers });
  const subB = await onB.subscribe({ layers });

  pub = await mqtt.connectAsync(broker.url, { clientId: `li-pub-${run}` });
  // /api/health answers once the broker connection is up; on a busy machine the ingest's SUBSCRIBE can
  // trail it, and messages published before it would reach nobody: probe until one is stored.
  const probe = `li-${run}-probe`;
  await waitFor(
    async () => {
      const t = Date.now() / 1000;
      await pub.publishAsync(
        `ioc/senml/${probe}`,
        JSON.stringify([{ bn: `${probe}:`, n: 'pm25', u: 'ug/m3', v: 1, t }]),
        { qos: 1 },
      );
      return (await sql(db.url, 'SELECT 1 FROM readings WHERE device_id = $1 LIMIT 1', [probe])).length > 0;
    },
    30_000,
    'the ingest process subscribed',
  );
  await publishCameraEvents(0, 100);
  // Sensor readings (SenML) for 10 devices, three rounds: the newest value must win everywhere.
  const t0 = Math.floor(Date.now() / 1000);
  for (let round = 0; round < 3; round++) {
    for (let d = 0; d < 10; d++) {
      const dev = `li-${run}-${d}`;
      await pub.publishAsync(
        `ioc/senml/${dev}`,
        JSON.stringify([{ bn: `${dev}:`, bt: t0 + round, n: 'pm25', u: 'ug/m3', v: d * 10 + round }]),
        { qos: 1 },
      );
    }
  }

  const written = await waitFor(
    async () => {
      const s = await cameraSeqs();
      return s.length === 100 ? s : null;
    },
    30_000,
    '100 camera events in the outbox',
  );
  for (const c of [onA, onB]) {
    await waitFor(() => c.seqs(isCamera).length >= 100, 15_000, 'every camera event at a client');
    expect(c.seqs(isCamera)).toEqual(written);
    expect(c.received.every((r) => !r.replay)).toBe(true);
  }
  // Sensor state computed by the ingest process reaches both live processes (MQTT internal topic).
  for (const c of [onA, onB]) {
    await waitFor(
      () =>
        Array.from({ length: 10 }, (_, d) => latestValue(c, `li-${run}-${d}`) === d * 10 + 2).every(Boolean),
      15_000,
      'the newest sensor values at a client',
    );
  }

  // A client of instance A goes away, events continue, it comes back on instance B with its last seq.
  const lastSeq = onA.lastSeq!;
  onA.close();
  await publishCameraEvents(100, 50);
  const all = await waitFor(
    async () => {
      const s = await cameraSeqs();
      return s.length === 150 ? s : null;
    },
    30_000,
    '150 camera events',
  );
  const moved = await liveClient(b.url, token);
  clients.push(moved);
  const sub = await moved.subscribe({ layers: ALL_DURABLE, lastSeq });
  expect(sub).toMatchObject({ reload: false });
  expect(sub.replayed).toBeGreaterThanOrEqual(50);
  expect(moved.seqs(isCamera)).toEqual(all.slice(100));
  await waitFor(() => onB.seqs(isCamera).length >= 150, 15_000, 'all 150 on instance B');
  expect(onB.seqs(isCamera)).toEqual(all);
  // whatever else reached the outbox reached B too, in order
  const outbox = (
    await sql<{ seq: string }>(db.url, 'SELECT seq FROM live_events WHERE seq > $1 ORDER BY seq', [subB.seq])
  ).map((r) => Number(r.seq));
  await waitFor(() => onB.received.length >= outbox.length, 15_000, 'every outbox event on instance B');
  expect(onB.seqs().slice(0, outbox.length)).toEqual(outbox);
});

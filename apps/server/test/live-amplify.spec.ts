import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@ioc/contracts/live.events';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { Database } from '../src/db/database.pool';
import { migrate } from '../src/db/migrations.runner';
import {
  adminToken,
  assertBuilt,
  jwtSecretFor,
  rssOf,
  startServerProcess,
  type ServerProcess,
} from './support/server-process';
import { createTestDatabase, mqttUrl, sql, waitFor } from './support/test-db';

// Acceptance 5 of issue 14: one socket sending 5,000 `sensor:subscribe` while it reads nothing (its TCP
// socket paused, so what the server sends piles up server-side) must not grow the server by 100 MB, and
// the socket is cut. Before the fix every request queued another full snapshot: 115 MB → 858 MB and more.
// The server runs as its own process (the built server), so the RSS measured is the server's alone.
jest.setTimeout(180_000);

const REQUESTS = 5000;
const LIMIT_MB = 100;
/** Devices × metrics in the live state: a snapshot of about 1 MB (the "large snapshot" case). */
const DEVICES = 4000;
const METRICS = ['pm25', 'pm10', 'no2'];
const METRICS_TOKEN = randomBytes(16).toString('hex');

type IocClient = Socket<ServerToClientEvents, ClientToServerEvents>;

let db: { url: string; drop: () => Promise<void> };
let server: ServerProcess;
let token: string;
const sockets: IocClient[] = [];

beforeAll(async () => {
  assertBuilt();
  db = await createTestDatabase();
  // Readings of the last hour, so the server seeds its live state with them at start.
  const m = new Database(db.url, 1);
  try {
    await migrate(m, join(__dirname, '../migrations'));
  } finally {
    await m.close();
  }
  await sql(
    db.url,
    `INSERT INTO readings (time, device_id, metric, value, unit, source)
     SELECT now() - interval '5 minutes', 'amp-' || lpad(d::text, 5, '0'), m, d % 500 + 0.5, 'ug/m3', 'senml'
       FROM generate_series(1, $1::int) d, unnest($2::text[]) m`,
    [DEVICES, METRICS],
  );
  const jwtSecret = jwtSecretFor('amplify');
  server = await startServerProcess({
    databaseUrl: db.url,
    mqttUrl: mqttUrl(),
    roles: 'api,live',
    jwtSecret,
    env: { METRICS_TOKEN },
  });
  token = await adminToken(db.url, jwtSecret);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.kill();
  await db?.drop();
});

function connect(url: string, token: string): Promise<IocClient> {
  const s: IocClient = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    auth: { token },
  });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

/** The TCP socket under the client's WebSocket: paused, the client reads nothing at all. */
function tcpOf(s: IocClient): { pause(): void; resume(): void } {
  return (s.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws
    ._socket;
}

/** A gauge of the server's /api/metrics (`ioc_live_total` by kind, or any other by name). */
async function metric(url: string, name: string, kind?: string): Promise<number> {
  const auth = { authorization: `Bearer ${METRICS_TOKEN}` };
  const text = await (await fetch(`${url}/api/metrics`, { headers: auth })).text();
  const labels = kind ? `\\{[^}]*kind="${kind}"[^}]*\\}` : '(?:\\{[^}]*\\})?';
  const m = new RegExp(`^${name}${labels} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

it('keeps the server within 100 MB and cuts a socket that floods sensor:subscribe without reading', async () => {
  const pid = server.child.pid!;

  // A reading client first: the snapshot is the whole seeded city (≈ 1 MB).
  const reader = await connect(server.url, token);
  const snapshot = new Promise<SensorState[]>((r) => reader.once('sensor:snapshot', (p) => r(p.states)));
  reader.emit('sensor:subscribe');
  const states = await snapshot;
  expect(states.filter((s) => s.deviceId.startsWith('amp-'))).toHaveLength(DEVICES);
  const snapshotBytes = Buffer.byteLength(JSON.stringify(states));
  reader.close();

  const attacker = await connect(server.url, token);
  tcpOf(attacker).pause();
  const base = Math.max(await rssOf(pid), await rssOf(pid));
  let peak = base;
  const sample = async () => {
    peak = Math.max(peak, await rssOf(pid));
    return peak - base;
  };
  // Sent in slices with an RSS sample between them; stops early once the bound is broken (the server
  // before the fix would otherwise take the whole machine's memory).
  let sent = 0;
  while (sent < REQUESTS && (await sample()) < LIMIT_MB * 1024 * 1024) {
    for (let i = 0; i < 250; i++) attacker.emit('sensor:subscribe');
    sent += 250;
    await new Promise((r) => setTimeout(r, 20));
  }
  // The server cuts the socket; keep sampling while it works through what arrived.
  const cut = await waitFor(
    async () =>
      (await sample()) >= LIMIT_MB * 1024 * 1024
        ? 'over'
        : (await metric(server.url, 'ioc_live_total', 'cut')) >= 1,
    30_000,
    'the flooding socket cut',
  ).catch((e: Error) => e.message);
  for (let i = 0; i < 10; i++) {
    await sample();
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(
    `amplification test: ${sent} sensor:subscribe sent by a socket reading nothing (snapshot ${Math.round(snapshotBytes / 1024)} KB); ` +
      `server RSS ${mb(base)} MB → peak ${mb(peak)} MB (+${mb(peak - base)} MB); cut: ${String(cut)}`,
  );
  expect(sent).toBe(REQUESTS);
  expect(peak - base).toBeLessThan(LIMIT_MB * 1024 * 1024);
  expect(cut).toBe(true);
  expect(await metric(server.url, 'ioc_live_clients')).toBe(0);

  // The client reads again: the connection is gone (the reset may have reached it already).
  tcpOf(attacker).resume();
  await waitFor(() => !attacker.connected, 10_000, 'the attacker disconnected');

  // The server itself is fine: a new client gets its snapshot.
  const again = await connect(server.url, token);
  const next = new Promise<SensorState[]>((r) => again.once('sensor:snapshot', (p) => r(p.states)));
  again.emit('sensor:subscribe');
  expect((await next).length).toBeGreaterThanOrEqual(DEVICES);
});

it('drops a client that subscribes at an allowed rate but reads nothing (live:resync), then cuts it', async () => {
  // Under the rate limit: each request is served, and each snapshot (≈ 1 MB) piles up behind the last.
  const s = await connect(server.url, token);
  const resyncsBefore = await metric(server.url, 'ioc_live_total', 'resyncs');
  const cutsBefore = await metric(server.url, 'ioc_live_total', 'cut');
  tcpOf(s).pause();
  let sent = 0;
  await waitFor(
    async () => {
      s.emit('sensor:subscribe');
      sent++;
      await new Promise((r) => setTimeout(r, 600));
      return (await metric(server.url, 'ioc_live_total', 'cut')) > cutsBefore;
    },
    60_000,
    'the slow subscriber cut',
  );
  const pid = server.child.pid!;
  console.log(
    `slow subscriber: cut after ${sent} sensor:subscribe at 1.7/s; server RSS ${mb(await rssOf(pid))} MB`,
  );
  // Over the buffer it was first dropped from live delivery (told to resync), then cut when it asked again.
  expect(await metric(server.url, 'ioc_live_total', 'resyncs')).toBeGreaterThan(resyncsBefore);
  expect(sent).toBeLessThan(60);
});

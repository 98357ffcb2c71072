import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { senml } from './support/feed-payloads';
import { freePort } from './support/test-broker';
import { IngestService } from '../src/ingest/ingest.service';
import { sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// infra/mosquitto/acl.example, loaded by a real Mosquitto with password auth: the server (with
// MQTT_USERNAME/MQTT_PASSWORD) ingests what devices may publish and never sees what they may not.
jest.setTimeout(60_000);

const ROOT = join(__dirname, '../../..');
const hasMosquitto = spawnSync('mosquitto', ['-h']).error === undefined;
// devA: a device the ACL confines to ioc/senml/devA; pt-aq-01: a station registered in infra/city/city.json.
const USERS = [
  'ioc-server',
  'frigate',
  'pt-aq-acl-1',
  'pt-aq-acl-2',
  'devA',
  'pt-aq-01',
  'police-01',
  'fire-01',
] as const;
const CITY = JSON.parse(readFileSync(join(ROOT, 'infra/city/city.json'), 'utf8')) as {
  sensors: { id: string; lat: number; lon: number }[];
};
const STATION = CITY.sensors.find((s) => s.id === 'pt-aq-01')!;

let dir: string;
let broker: ChildProcess;
let url: string;
let server: TestServer;
const passwords: Record<string, string> = {};

beforeAll(async () => {
  if (!hasMosquitto) throw new Error('mosquitto is not installed: the ACL example cannot be validated');
  dir = mkdtempSync(join(tmpdir(), 'ioc-acl-'));
  const passwd = join(dir, 'passwd');
  writeFileSync(passwd, '');
  for (const u of USERS) {
    passwords[u] = randomBytes(12).toString('hex');
    const r = spawnSync('mosquitto_passwd', ['-b', passwd, u, passwords[u]]);
    if (r.status !== 0) throw new Error(`mosquitto_passwd: ${r.stderr}`);
  }
  const port = await freePort();
  const base = readFileSync(join(ROOT, 'infra/mosquitto/mosquitto.conf'), 'utf8')
    .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`)
    .replace(/^allow_anonymous .*$/m, 'allow_anonymous false')
    .replace(/^(password_file|acl_file) .*$/gm, ''); // this test's own below
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    `${base}\npassword_file ${passwd}\nacl_file ${join(ROOT, 'infra/mosquitto/acl.example')}\n` +
      `persistence_location ${dir}/\nuser ${userInfo().username}\nlog_dest none\n`,
  );
  broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
  await waitFor(
    () =>
      new Promise<boolean>((r) => {
        const s = connect(port, '127.0.0.1', () => {
          s.end();
          r(true);
        });
        s.on('error', () => r(false));
      }),
    10_000,
    'mosquitto',
  );
  url = `mqtt://127.0.0.1:${port}`;
  server = await startTestServer({
    MQTT_URL: url,
    MQTT_USERNAME: 'ioc-server',
    MQTT_PASSWORD: passwords['ioc-server'],
  });
});

afterAll(async () => {
  await server?.close();
  if (broker && broker.exitCode === null) {
    broker.kill('SIGTERM');
    await new Promise((r) => broker.once('exit', r));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const as = (username: string, password = passwords[username]) =>
  mqtt.connectAsync(url, {
    username,
    password,
    clientId: `${username}-${Date.now()}`,
    reconnectPeriod: 0,
    protocolVersion: 5,
  });

const storedDevices = async () =>
  (
    await sql<{ device_id: string }>(
      server.databaseUrl,
      `SELECT DISTINCT device_id FROM readings WHERE device_id LIKE 'pt-aq-acl-%' ORDER BY 1`,
    )
  ).map((r) => r.device_id);

it('refuses anonymous clients and wrong passwords', async () => {
  await expect(mqtt.connectAsync(url, { reconnectPeriod: 0 })).rejects.toThrow(
    /Not authorized|Bad User Name/i,
  );
  await expect(as('pt-aq-acl-1', 'wrong')).rejects.toThrow(/Not authorized|Bad User Name/i);
});

it('lets a device publish only under its own id, and the server ingests exactly that', async () => {
  const t = Date.now() - 30_000;
  const own = await as('pt-aq-acl-1');
  // its own topic: allowed
  await own.publishAsync('ioc/senml/pt-aq-acl-1', senml('pt-aq-acl-1', [['pm25', 'ug/m3', 12, t]]), {
    qos: 1,
  });
  // another device's topic and an incident feed: refused by the broker (MQTT 5 PUBACK "not authorized")
  await expect(
    own.publishAsync('ioc/senml/pt-aq-acl-2', senml('pt-aq-acl-2', [['pm25', 'ug/m3', 999, t]]), { qos: 1 }),
  ).rejects.toThrow(/Not authorized/i);
  await expect(
    own.publishAsync('ioc/reports', JSON.stringify({ text: 'forged', category: 'fire' }), { qos: 1 }),
  ).rejects.toThrow(/Not authorized/i);
  await own.endAsync();
  // Frigate may not pose as a sensor either
  const nvr = await as('frigate');
  await expect(
    nvr.publishAsync('ioc/senml/pt-aq-acl-2', senml('pt-aq-acl-2', [['pm25', 'ug/m3', 999, t]]), { qos: 1 }),
  ).rejects.toThrow(/Not authorized/i);
  await nvr.endAsync();
  // the second device on its own topic: allowed
  const other = await as('pt-aq-acl-2');
  await other.publishAsync('ioc/senml/pt-aq-acl-2', senml('pt-aq-acl-2', [['pm25', 'ug/m3', 20, t + 1]]), {
    qos: 1,
  });
  await other.endAsync();

  await waitFor(async () => (await storedDevices()).length === 2, 15_000, 'both devices stored');
  const values = await sql<{ device_id: string; value: number }>(
    server.databaseUrl,
    `SELECT device_id, value FROM readings WHERE device_id LIKE 'pt-aq-acl-%' ORDER BY device_id`,
  );
  // the forged 999 never arrived
  expect(values).toEqual([
    { device_id: 'pt-aq-acl-1', value: 12 },
    { device_id: 'pt-aq-acl-2', value: 20 },
  ]);
});

describe('device identity is bound to the topic the broker let it publish on', () => {
  const db = <T>(text: string, params: unknown[] = []) => sql<T>(server.databaseUrl, text, params);
  const position = async (id: string) =>
    (
      await db<{ lat: number | null; lon: number | null }>('SELECT lat, lon FROM devices WHERE id = $1', [id])
    )[0];
  const reported = async (id: string) =>
    (
      await db<{ lat: number | null; lon: number | null }>(
        'SELECT reported_lat AS lat, reported_lon AS lon FROM devices WHERE id = $1',
        [id],
      )
    )[0];

  it('devA cannot create a reading for, or move, pt-aq-01: its attempt is a dead letter identity_mismatch', async () => {
    const t = Date.now() - 10_000;
    const devA = await as('devA');
    // authorised topic, another device's base name, a reading and a position far from the station
    const forged = JSON.stringify([
      { bn: 'pt-aq-01:', bt: t / 1000, n: 'pm25', u: 'ug/m3', v: 999 },
      { n: 'lat', v: 10.5 },
      { n: 'lon', v: 107.5 },
    ]);
    await devA.publishAsync('ioc/senml/devA', forged, { qos: 1 });
    // its own readings, named by an RFC 8428 device URN ending in its id, are its own and stored
    await devA.publishAsync(
      'ioc/senml/devA',
      JSON.stringify([{ bn: 'urn:dev:ow:devA:', bt: t / 1000, n: 'pm25', u: 'ug/m3', v: 5 }]),
      { qos: 1 },
    );
    await devA.endAsync();

    const dead = await waitFor(
      async () => {
        const r = await db<{ reason: string; adapter: string; payload: Buffer }>(
          `SELECT reason, adapter, payload FROM dead_letters WHERE topic = 'ioc/senml/devA'`,
        );
        return r.length ? r : null;
      },
      15_000,
      'dead letter of the forged pack',
    );
    expect(dead).toHaveLength(1);
    expect(dead[0].reason).toMatch(/^identity_mismatch: record 0: base name "pt-aq-01:"/);
    expect(dead[0].adapter).toBe('senml');
    expect(dead[0].payload.toString('utf8')).toBe(forged); // nothing lost: the bytes are kept
    await waitFor(
      async () => (await db('SELECT 1 FROM readings WHERE device_id = $1', ['devA'])).length === 1,
      15_000,
      'devA reading',
    );
    await server.app.get(IngestService).drain();

    expect(
      await db('SELECT device_id, value FROM readings WHERE device_id IN ($1, $2)', ['pt-aq-01', 'devA']),
    ).toEqual([{ device_id: 'devA', value: 5 }]);
    expect(await position('pt-aq-01')).toEqual({ lat: STATION.lat, lon: STATION.lon });
    const api = await server.as('operator');
    const station = await api.get('/api/devices/pt-aq-01');
    expect([station.body.lat, station.body.lon, station.body.state]).toEqual([
      STATION.lat,
      STATION.lon,
      null,
    ]);
  });

  it('a registered station reporting a position keeps its configured one (the fix is kept as reported telemetry)', async () => {
    const t = Date.now() - 5_000;
    const station = await as('pt-aq-01');
    await station.publishAsync(
      'ioc/senml/pt-aq-01',
      JSON.stringify([
        { bn: 'pt-aq-01:', bt: t / 1000, n: 'pm25', u: 'ug/m3', v: 31 },
        { n: 'lat', v: 10.7 },
        { n: 'lon', v: 107.9 },
      ]),
      { qos: 1 },
    );
    await station.endAsync();
    await waitFor(
      async () => (await db('SELECT 1 FROM readings WHERE device_id = $1', ['pt-aq-01'])).length === 1,
      15_000,
      'station reading',
    );
    await server.app.get(IngestService).drain();
    expect(await position('pt-aq-01')).toEqual({ lat: STATION.lat, lon: STATION.lon });
    expect(await reported('pt-aq-01')).toEqual({ lat: 10.7, lon: 107.9 });
    expect(await db('SELECT value FROM readings WHERE device_id = $1', ['pt-aq-01'])).toEqual([
      { value: 31 },
    ]);
  });

  it("a unit's tracker publishes only on its own city.json tracker topic, and the fix is stored under that unit", async () => {
    const fix = JSON.stringify({
      _type: 'location',
      lat: 10.93,
      lon: 108.1,
      tst: Math.floor(Date.now() / 1000) - 5,
    });
    const tracker = await as('police-01');
    await tracker.publishAsync('owntracks/unit/police-01', fix, { qos: 1 });
    await expect(tracker.publishAsync('owntracks/unit/fire-01', fix, { qos: 1 })).rejects.toThrow(
      /Not authorized/i,
    );
    await tracker.endAsync();
    const rows = await waitFor(
      async () => {
        const r = await db<{ unit_id: string; tracker: string }>(
          'SELECT unit_id, tracker FROM unit_positions ORDER BY unit_id',
        );
        return r.length ? r : null;
      },
      15_000,
      'unit position',
    );
    expect(rows).toEqual([{ unit_id: 'police-01', tracker: 'unit/police-01' }]);
  });
});

describe("units' assignments (ioc/units/<unit>/assignment, pushed by the server)", () => {
  it('a tracker reads only its own unit’s assignment and can publish none, not even its own', async () => {
    const parse = (p: Buffer) => JSON.parse(p.toString('utf8')) as { unitId: string; base: unknown };
    // the server published every unit's assignment (retained) when it connected as ioc-server
    const police = await as('police-01');
    const got: { topic: string; unitId: string }[] = [];
    police.on('message', (topic, p) => got.push({ topic, unitId: parse(p).unitId }));
    await police.subscribeAsync({
      'ioc/units/+/assignment': { qos: 1 },
      'ioc/units/fire-01/assignment': { qos: 1 },
      '#': { qos: 1 },
    });
    await waitFor(
      () => got.some((g) => g.topic === 'ioc/units/police-01/assignment'),
      15_000,
      'own assignment',
    );
    // a marker on a topic police-01 may read shows everything before it has been delivered
    const fire = await as('fire-01');
    const fireGot: string[] = [];
    fire.on('message', (_t, p) => fireGot.push(parse(p).unitId));
    await fire.subscribeAsync('ioc/units/fire-01/assignment', { qos: 1 });
    await waitFor(() => fireGot.includes('fire-01'), 15_000, "fire-01's own assignment");
    await new Promise((r) => setTimeout(r, 500));
    expect(got.filter((g) => g.topic.startsWith('ioc/units/')).map((g) => g.unitId)).toEqual(
      got.filter((g) => g.topic.startsWith('ioc/units/')).map(() => 'police-01'),
    );
    // publishing an assignment, its own or another unit's: refused (MQTT 5 PUBACK "not authorized")
    for (const topic of ['ioc/units/police-01/assignment', 'ioc/units/fire-01/assignment'])
      await expect(
        police.publishAsync(topic, JSON.stringify({ unitId: 'fire-01', incident: null }), {
          qos: 1,
          retain: true,
        }),
      ).rejects.toThrow(/Not authorized/i);
    await police.endAsync();
    // fire-01's retained assignment is still the server's
    const again = await as('fire-01');
    const retained: { unitId: string; base: unknown }[] = [];
    again.on('message', (_t, p) => retained.push(parse(p)));
    await again.subscribeAsync('ioc/units/fire-01/assignment', { qos: 1 });
    await waitFor(() => retained.length > 0, 15_000, 'retained assignment');
    expect(retained[0]).toMatchObject({ unitId: 'fire-01', base: { lat: 10.937, lon: 108.099 } });
    await Promise.all([fire.endAsync(), again.endAsync()]);
  });
});

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { sensorStatePrefix, SensorStateBridgeService } from '../src/state/sensor-state-bridge.service';
import { senml } from './support/feed-payloads';
import { liveClient } from './support/live-client';
import { freePort, startFaultBroker, type TestBroker } from './support/test-broker';
import { waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Acceptance 4 of issue 14: a broker client that is not a server instance cannot change the sensor state
// the consoles see through the instances' internal channel (ioc-live/<group>/sensor-state/…) — neither
// with forged unsigned payloads nor with replayed or modified signed ones. Three real brokers: Mosquitto
// with the shipped mosquitto.conf + acl.example (the broker refuses), Mosquitto without access control
// (the signature refuses), and the server's embedded aedes (refuses and disconnects).
jest.setTimeout(120_000);

const ROOT = join(__dirname, '../../..');
const run = randomBytes(4).toString('hex');
const JWT_SECRET = `live-channel-${run}-0123456789abcdef0123456789`;
const minute = 60_000;

const stopAfter: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const f of stopAfter.reverse()) await f();
});

/** The value the live instance holds for a device's pm25, as REST shows it. */
async function restValue(live: TestServer, deviceId: string): Promise<number | undefined> {
  const r = await (await live.as('operator')).get('/api/sensors/state');
  return (
    (r.body.states as SensorState[]).find((s) => s.deviceId === deviceId)?.metrics.pm25?.value ?? undefined
  );
}

/** The same, as a socket client's snapshot shows it. */
async function socketValue(live: TestServer, deviceId: string): Promise<number | undefined> {
  const c = await liveClient(live.url, await live.token('operator'));
  try {
    await c.subscribe({ layers: ['sensors'] });
    const snapshot = await waitFor(() => c.snapshot, 10_000, 'sensor snapshot');
    return snapshot.find((s) => s.deviceId === deviceId)?.metrics.pm25?.value ?? undefined;
  } finally {
    c.close();
  }
}

/** An unsigned sensor-state message, the shape the channel carried before it was signed. */
const forged = (deviceId: string, value: number, timeMs: number) =>
  JSON.stringify({
    states: [{ deviceId, metrics: { pm25: { value, unit: 'ug/m3', time: new Date(timeMs).toISOString() } } }],
  });

async function device(url: string): Promise<MqttClient> {
  const c = await mqtt.connectAsync(url, {
    clientId: `lc-dev-${run}-${randomBytes(3).toString('hex')}`,
    reconnectPeriod: 0,
  });
  stopAfter.push(() => c.endAsync(true));
  return c;
}

/** Publishes a reading through the real feed path and waits until the live instance shows it. */
async function report(dev: MqttClient, live: TestServer, deviceId: string, value: number, timeMs: number) {
  await dev.publishAsync(`ioc/senml/${deviceId}`, senml(deviceId, [['pm25', 'ug/m3', value, timeMs]]), {
    qos: 1,
  });
  await waitFor(
    async () => (await restValue(live, deviceId)) === value,
    20_000,
    `${deviceId} = ${value} live`,
  );
}

/** Ingest and live as two instances (one database, one group) on a broker, logged in as the server. */
async function pair(url: string, login: Record<string, string> = {}) {
  const group = `lc${run}${randomBytes(2).toString('hex')}`;
  // one first admin for both (the database's), so the live instance's REST client logs in
  const IOC_ADMIN_PASSWORD = `admin-${randomBytes(8).toString('hex')}`;
  const env = { MQTT_URL: url, MQTT_SHARED_GROUP: group, JWT_SECRET, IOC_ADMIN_PASSWORD, ...login };
  const ingest = await startTestServer({ ...env, IOC_ROLES: 'ingest' });
  stopAfter.push(() => ingest.close());
  const live = await startTestServer({ ...env, IOC_ROLES: 'api,live', DATABASE_URL: ingest.databaseUrl });
  stopAfter.push(() => live.close());
  return { ingest, live, group, bridge: live.app.get(SensorStateBridgeService) };
}

describe('Mosquitto with the shipped mosquitto.conf and acl.example', () => {
  const hasMosquitto = spawnSync('mosquitto', ['-h']).error === undefined;
  let url: string;
  const serverPassword = randomBytes(12).toString('hex');

  beforeAll(async () => {
    if (!hasMosquitto)
      throw new Error('mosquitto is not installed: the shipped configuration cannot be checked');
    const dir = mkdtempSync(join(tmpdir(), 'ioc-lc-'));
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, '');
    const r = spawnSync('mosquitto_passwd', ['-b', passwd, 'ioc-server', serverPassword]);
    if (r.status !== 0) throw new Error(`mosquitto_passwd: ${r.stderr}`);
    const port = await freePort();
    // The file as shipped; only the listener and its two absolute paths are this test's.
    const conf = readFileSync(join(ROOT, 'infra/mosquitto/mosquitto.conf'), 'utf8')
      .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`)
      .replace(/^password_file .*$/m, `password_file ${passwd}`)
      .replace(/^acl_file .*$/m, `acl_file ${join(ROOT, 'infra/mosquitto/acl.example')}`);
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      `${conf}\npersistence_location ${dir}/\nuser ${userInfo().username}\nlog_dest none\n`,
    );
    const broker: ChildProcess = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
    stopAfter.push(async () => {
      if (broker.exitCode === null) {
        const exited = new Promise((res) => broker.once('exit', res));
        broker.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    });
    await waitFor(
      () =>
        new Promise<boolean>((res) => {
          const s = connect(port, '127.0.0.1', () => {
            s.end();
            res(true);
          });
          s.on('error', () => res(false));
        }),
      10_000,
      'mosquitto',
    );
    url = `mqtt://127.0.0.1:${port}`;
  });

  it('carries the signed state between instances and refuses a device on the internal topics', async () => {
    const { live, group } = await pair(url, { MQTT_USERNAME: 'ioc-server', MQTT_PASSWORD: serverPassword });
    const id = `lc-acl-${run}`;
    const dev = await device(url); // anonymous: a device of the localhost listener
    const t0 = Date.now() - 10 * minute;
    await report(dev, live, id, 12, t0);

    // A device may not read the channel either: its `#` gets the feeds but nothing from ioc-live/.
    const seen: string[] = [];
    const spy = await device(url);
    spy.on('message', (topic) => seen.push(topic));
    await spy.subscribeAsync('#', { qos: 0 });

    // Forged state for the device, newer than anything real: the broker refuses the publish itself
    // (MQTT 5 says so in the PUBACK; MQTT 3.1.1 cannot, the message is dropped silently).
    const v5 = await mqtt.connectAsync(url, {
      clientId: `lc-v5-${run}`,
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    stopAfter.push(() => v5.endAsync(true));
    await expect(
      v5.publishAsync(`${sensorStatePrefix(group)}evil`, forged(id, 999, Date.now() + minute), { qos: 1 }),
    ).rejects.toThrow(/not authori[sz]ed/i);
    await dev.publishAsync(`${sensorStatePrefix(group)}evil`, forged(id, 998, Date.now() + minute), {
      qos: 1,
    });

    // A newer real reading still arrives (through the signed channel) and nothing forged overtook it.
    await report(dev, live, id, 13, t0 + 1000);
    await waitFor(() => seen.includes(`ioc/senml/${id}`), 10_000, 'the spy sees the feed');
    expect(seen.filter((t) => t.startsWith('ioc-live/'))).toEqual([]);
    expect(await restValue(live, id)).toBe(13);
    expect(await socketValue(live, id)).toBe(13);
  });
});

describe('a broker without access control: the signature alone', () => {
  let broker: TestBroker;

  beforeAll(async () => {
    broker = await startFaultBroker();
    stopAfter.push(() => broker.stop());
  });

  it('refuses forged, replayed, modified and re-addressed messages; the state never moves', async () => {
    const { live, group, bridge } = await pair(broker.url);
    const id = `lc-sig-${run}`;
    const dev = await device(broker.url);
    const prefix = sensorStatePrefix(group);

    // An eavesdropper records what the ingest instance sends.
    const captured: { topic: string; payload: Buffer }[] = [];
    const spy = await device(broker.url);
    spy.on('message', (topic, payload) => captured.push({ topic, payload }));
    await spy.subscribeAsync(`${prefix}#`, { qos: 0 });

    const t0 = Date.now() - 10 * minute;
    await report(dev, live, id, 20, t0);
    const original = await waitFor(
      () => captured.find((m) => m.payload.toString().includes(id)),
      10_000,
      'a captured channel message',
    );
    await report(dev, live, id, 21, t0 + 1000);

    /** Publishes as the attacker; resolves once the live instance refused it (or took it). */
    const attempt = async (what: string, topic: string, payload: Buffer | string) => {
      const before = bridge.stats.rejected;
      await dev.publishAsync(topic, payload, { qos: 1 });
      await waitFor(
        async () => bridge.stats.rejected > before || (await restValue(live, id)) !== 21,
        10_000,
        `${what} handled`,
      );
      expect({ what, value: await restValue(live, id) }).toEqual({ what, value: 21 });
      expect(bridge.stats.rejected).toBe(before + 1);
    };

    await attempt('forged unsigned', `${prefix}evil`, forged(id, 999, Date.now() + minute));
    // the captured message again, as it was: refused by seq (newer-wins would also keep 21, see the docs)
    await attempt('replayed', original.topic, original.payload);
    // the captured signature on another value and a newer time
    const text = original.payload.toString();
    const dot = text.indexOf('.');
    const body = JSON.parse(text.slice(dot + 1)) as { states: SensorState[]; seq: number };
    for (const s of body.states)
      if (s.deviceId === id)
        s.metrics.pm25 = { value: 999, unit: 'ug/m3', time: new Date(Date.now() + minute).toISOString() };
    body.seq += 1000;
    await attempt('modified', original.topic, `${text.slice(0, dot)}.${JSON.stringify(body)}`);
    // the captured message as if another instance had sent it
    await attempt('re-addressed', `${prefix}other-instance`, original.payload);
    expect(bridge.stats.refused).toMatchObject({ unsigned: 1, replayed: 1, bad_signature: 2 });

    // the genuine channel still works
    await report(dev, live, id, 22, t0 + 2000);
    expect(await socketValue(live, id)).toBe(22);
  });
});

describe("the server's embedded aedes broker", () => {
  it('disconnects a non-server client publishing on the internal topics and never forwards them to it', async () => {
    const server = await startTestServer({
      MQTT_URL: '', // empty counts as unset: the server starts its embedded broker
      MQTT_PORT: String(await freePort()),
      JWT_SECRET,
    });
    stopAfter.push(() => server.close());
    const url = server.boot.mqttUrl;
    const prefix = sensorStatePrefix(server.boot.config.MQTT_SHARED_GROUP);
    const id = `lc-aedes-${run}`;
    const dev = await device(url);
    const t0 = Date.now() - 10 * minute;
    await report(dev, server, id, 30, t0);

    // The forged publish, newer than anything real: the broker closes the attacker's connection and
    // forwards nothing (the next real reading shows on REST and on a socket).
    const attacker = await device(url);
    let closed = false;
    attacker.once('close', () => (closed = true));
    attacker.publish(`${prefix}evil`, forged(id, 999, Date.now() + minute), { qos: 0 });
    await waitFor(() => closed, 10_000, "the broker closing the attacker's connection");
    await report(dev, server, id, 31, t0 + 1000);
    expect(await socketValue(server, id)).toBe(31);

    // Another server instance (the login the embedded broker gave its own server) sees the channel; a
    // device subscribed to everything does not.
    const observer = await mqtt.connectAsync(url, {
      clientId: `lc-obs-${run}`,
      username: server.boot.config.MQTT_USERNAME,
      password: server.boot.config.MQTT_PASSWORD,
      reconnectPeriod: 0,
    });
    stopAfter.push(() => observer.endAsync(true));
    const internal: string[] = [];
    observer.on('message', (topic) => internal.push(topic));
    await observer.subscribeAsync(`${prefix}#`, { qos: 0 });
    const spyTopics: string[] = [];
    const spy = await device(url);
    spy.on('message', (topic) => spyTopics.push(topic));
    await spy.subscribeAsync('#', { qos: 0 });
    await report(dev, server, id, 32, t0 + 2000);
    await waitFor(() => internal.length > 0, 10_000, 'the server instance sees the channel');
    // everything forwarded before this marker has reached the spy once the marker has
    await dev.publishAsync(`ioc/marker/${run}`, 'x', { qos: 1 });
    await waitFor(() => spyTopics.includes(`ioc/marker/${run}`), 10_000, 'the marker at the spy');
    expect(spyTopics.filter((t) => t.startsWith('ioc-live/'))).toEqual([]);

    expect(await restValue(server, id)).toBe(32);
    // a wrong password for the server's user name is refused outright
    await expect(
      mqtt.connectAsync(url, {
        clientId: `lc-bad-${run}`,
        username: 'ioc-server',
        password: 'guess',
        reconnectPeriod: 0,
      }),
    ).rejects.toThrow(/bad user ?name or password|not authori[sz]ed/i);
  });
});

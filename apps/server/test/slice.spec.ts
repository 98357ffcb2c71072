import mqtt, { type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@ioc/contracts/live.events';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { IngestService } from '../src/ingest/ingest.service';
import { sql, mqttUrl, waitFor } from './support/test-db';
import type { ApiClient } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(60_000);

let server: TestServer;
let api: ApiClient;
let pub: MqttClient;
const dev = `test-aq-${Date.now().toString(36)}`;

beforeAll(async () => {
  server = await startTestServer();
  api = await server.as('operator');
  pub = await mqtt.connectAsync(mqttUrl(), { clientId: `pub-${dev}` });
});

afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
});

const senml = (t: number, pm25: number) =>
  JSON.stringify([
    { bn: `${dev}:`, bt: t, n: 'pm25', u: 'ug/m3', v: pm25 },
    { n: 'pm10', u: 'ug/m3', v: pm25 * 1.6 },
  ]);

describe('live slice: MQTT → PostgreSQL → state → socket.io', () => {
  it('stores SenML readings published with QoS 1 and registers the device', async () => {
    const t = Math.floor(Date.now() / 1000);
    await pub.publishAsync(`ioc/senml/${dev}`, senml(t, 42.5), { qos: 1 });
    const rows = await waitFor(
      async () => {
        const r = await sql<{ metric: string; value: number; unit: string; time: Date }>(
          server.databaseUrl,
          'SELECT metric, value, unit, time FROM readings WHERE device_id = $1 ORDER BY metric',
          [dev],
        );
        return r.length === 2 ? r : null;
      },
      15_000,
      'two readings',
    );
    expect(rows.map((r) => [r.metric, r.value, r.unit])).toEqual([
      ['pm10', 68, 'ug/m3'],
      ['pm25', 42.5, 'ug/m3'],
    ]);
    expect(rows[0].time.toISOString()).toBe(new Date(t * 1000).toISOString());
    const devices = await sql<{ id: string; status: string; source: string }>(
      server.databaseUrl,
      'SELECT id, status, source FROM devices WHERE id = $1',
      [dev],
    );
    expect(devices).toEqual([{ id: dev, status: 'online', source: 'senml' }]);
  });

  it('stores a redelivered message once', async () => {
    const t = Math.floor(Date.now() / 1000) - 100;
    const payload = senml(t, 10);
    await pub.publishAsync(`ioc/senml/${dev}`, payload, { qos: 1 });
    await pub.publishAsync(`ioc/senml/${dev}`, payload, { qos: 1 });
    await server.app.get(IngestService).drain();
    await waitFor(() => server.app.get(IngestService).stats.received >= 3, 10_000, 'both deliveries');
    await server.app.get(IngestService).drain();
    const [{ n }] = await sql<{ n: string }>(
      server.databaseUrl,
      'SELECT count(*)::text AS n FROM readings WHERE device_id = $1 AND time = to_timestamp($2)',
      [dev, t],
    );
    expect(n).toBe('2'); // pm25 + pm10, not 4
  });

  it('dead-letters malformed payloads with a reason and stays healthy', async () => {
    await pub.publishAsync(`ioc/senml/${dev}`, Buffer.from('{"truncated": [1, 2'), { qos: 1 });
    await pub.publishAsync(`ioc/senml/${dev}`, Buffer.from([0xff, 0xfe, 0x00, 0x9c]), { qos: 1 });
    const dl = await waitFor(
      async () => {
        const r = await sql<{ topic: string; reason: string; payload_size: number }>(
          server.databaseUrl,
          'SELECT topic, reason, payload_size FROM dead_letters WHERE topic = $1 ORDER BY id',
          [`ioc/senml/${dev}`],
        );
        return r.length === 2 ? r : null;
      },
      15_000,
      'two dead letters',
    );
    expect(dl[0].reason).toMatch(/json/i);
    expect(dl[1].payload_size).toBe(4);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', db: 'ok', broker: 'ok' });
  });

  it('pushes a snapshot on subscribe and batched deltas after new readings', async () => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: await server.token('operator') },
    });
    try {
      const snapshot = await new Promise<SensorState[]>((resolve, reject) => {
        socket.once('sensor:snapshot', (p) => resolve(p.states));
        socket.once('connect_error', reject);
        socket.on('connect', () => socket.emit('sensor:subscribe'));
      });
      expect(snapshot.find((s) => s.deviceId === dev)?.metrics.pm25).toBeDefined();

      const delta = new Promise<SensorState>((resolve) => {
        socket.on('sensor:delta', (p) => {
          const mine = p.states.find((s) => s.deviceId === dev);
          if (mine?.metrics.pm25?.value === 77.7) resolve(mine);
        });
      });
      const t = Math.floor(Date.now() / 1000) + 5;
      await pub.publishAsync(`ioc/senml/${dev}`, senml(t, 77.7), { qos: 1 });
      const s = await delta;
      expect(s.metrics.pm25.time).toBe(new Date(t * 1000).toISOString());
      expect(s.metrics.pm10.value).toBeCloseTo(124.32);
    } finally {
      socket.close();
    }
  });

  it('serves the device registry and sensor state over REST', async () => {
    const list = (await api.get(`/api/devices?q=${encodeURIComponent(dev)}`)).body;
    expect(list.map((d: { id: string }) => d.id)).toEqual([dev]);
    const one = (await api.get(`/api/devices/${dev}`)).body;
    expect(one.state.metrics.pm25.value).toBe(77.7);
    const bad = await api.get(`/api/devices?kind=spaceship`);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('kind');
  });
});

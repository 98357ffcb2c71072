import mqtt, { type MqttClient } from 'mqtt';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IngestService } from '../src/ingest/ingest.service';
import { sql, waitFor } from './support/test-db';
import { startFaultBroker, type TestBroker } from './support/test-broker';
import { startTestServer, type TestServer } from './support/test-server';

jest.setTimeout(120_000);

// Bursts of thousands of QoS 1 messages: a broker configured as infra/mosquitto/mosquitto.conf says (a
// stock Mosquitto drops a client's queue beyond 1000 messages — seen in its log during these tests).
let broker: TestBroker;
let server: TestServer;
let pub: MqttClient;
const run = Date.now().toString(36);
/** A recent base time (whole seconds): data must lie inside the retention window to be stored. */
const T0 = Math.floor(Date.now() / 1000) - 7200;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-routes-'));
  const routes = join(dir, 'routes.json');
  writeFileSync(routes, JSON.stringify([{ filter: `site-${run}/+/senml`, adapter: 'senml' }]));
  // A tiny queue bound so the flow gate closes and opens many times during the burst below.
  broker = await startFaultBroker();
  server = await startTestServer({
    MQTT_URL: broker.url,
    FEED_ROUTES_FILE: routes,
    INGEST_MAX_QUEUE: '100',
    INGEST_BATCH_SIZE: '50',
  });
  pub = await mqtt.connectAsync(broker.url, { clientId: `pub-routes-${run}` });
});

afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
  await broker?.stop();
});

describe('routing and flow control', () => {
  it('routes an extra topic filter from FEED_ROUTES_FILE to its adapter', async () => {
    await pub.publishAsync(
      `site-${run}/gw1/senml`,
      JSON.stringify([{ bn: `routed-${run}:`, bt: T0, n: 'no2', u: 'ug/m3', v: 31 }]),
      { qos: 1 },
    );
    const rows = await waitFor(
      async () => {
        const r = await sql<{ metric: string; value: number }>(
          server.databaseUrl,
          'SELECT metric, value FROM readings WHERE device_id = $1',
          [`routed-${run}`],
        );
        return r.length ? r : null;
      },
      20_000,
      'routed reading',
    );
    expect(rows).toEqual([{ metric: 'no2', value: 31 }]);
  });

  it('stops reading from the broker while the queue is full and loses nothing', async () => {
    const n = 5000;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        pub.publishAsync(
          `ioc/senml/gate-${run}`,
          JSON.stringify([{ bn: `gate-${run}:`, bt: T0 + i, n: 'pm10', u: 'ug/m3', v: i }]),
          { qos: 1 },
        ),
      ),
    );
    await waitFor(
      async () => {
        const [{ c }] = await sql<{ c: string }>(
          server.databaseUrl,
          'SELECT count(*)::text AS c FROM readings WHERE device_id = $1',
          [`gate-${run}`],
        );
        return c === String(n);
      },
      90_000,
      `${n} readings`,
    );
    expect(server.app.get(IngestService).depth).toBe(0);
  });

  it('refuses to start with an invalid routes file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-routes-bad-'));
    const bad = join(dir, 'routes.json');
    writeFileSync(bad, JSON.stringify([{ filter: 'a/#/b', adapter: 'senml' }]));
    await expect(startTestServer({ FEED_ROUTES_FILE: bad })).rejects.toThrow(/topic filter/);
  });
});

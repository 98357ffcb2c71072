import mqtt from 'mqtt';
import { senml } from './support/feed-payloads';
import { liveClient, ALL_DURABLE } from './support/live-client';
import { mqttUrl, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

// Operations endpoints: Prometheus metrics (user token or the static scrape token) and liveness/readiness.
jest.setTimeout(60_000);

const SCRAPE = 'scrape-token-for-the-metrics-test-0123456789';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ METRICS_TOKEN: SCRAPE });
});
afterAll(async () => {
  await server?.close();
});

const scrape = (token: string) =>
  fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${token}` } });

/** The value of one sample line, e.g. `ioc_ingest_total{kind="readings"}`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.split(' ').pop());
  }
  return null;
}

it('counts what the ingest stored and the live clients connected, for the scrape token', async () => {
  const device = `metrics-${Date.now().toString(36)}`;
  const pub = await mqtt.connectAsync(mqttUrl(), { clientId: `pub-${device}` });
  const t0 = Date.now() - 60_000;
  for (let i = 0; i < 5; i++)
    await pub.publishAsync(`ioc/senml/${device}`, senml(device, [['pm25', 'ug/m3', 10 + i, t0 + i * 1000]]), {
      qos: 1,
    });
  await pub.endAsync();
  const client = await liveClient(server.url, await server.token('operator'));
  await client.subscribe({ layers: ALL_DURABLE });
  const text = await waitFor(
    async () => {
      const r = await scrape(SCRAPE);
      const t = await r.text();
      return r.status === 200 && (sample(t, 'ioc_ingest_total', { kind: 'readings' }) ?? 0) >= 5 ? t : null;
    },
    20_000,
    'readings in the metrics',
  );
  expect(sample(text, 'ioc_broker_connected')).toBe(1);
  expect(sample(text, 'ioc_live_clients')).toBeGreaterThanOrEqual(1);
  expect(sample(text, 'ioc_ingest_queue_depth')).not.toBeNull();
  expect(sample(text, 'ioc_process_resident_memory_bytes')).toBeGreaterThan(0);
  client.close();
});

it('takes a supervisor token, refuses operators, wrong static tokens and no token', async () => {
  expect((await scrape(await server.token('supervisor'))).status).toBe(200);
  expect((await scrape(await server.token('operator'))).status).toBe(403);
  expect((await scrape(SCRAPE + 'x')).status).toBe(401);
  expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
  // the static token opens nothing else
  const other = await fetch(`${server.url}/api/incidents`, {
    headers: { authorization: `Bearer ${SCRAPE}` },
  });
  expect(other.status).toBe(401);
});

it('answers liveness and readiness without a token', async () => {
  expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
  const ready = await fetch(`${server.url}/api/health/ready`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'ok', db: 'ok', broker: 'ok' });
});

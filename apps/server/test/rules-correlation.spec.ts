import mqtt, { type MqttClient } from 'mqtt';
import { destinationPoint } from '@ioc/domain/geo';
import { IngestService } from '../src/ingest/ingest.service';
import { RulesEngineService } from '../src/rules/rules-engine.service';
import { frigateEvent, senml } from './support/feed-payloads';
import { makeRulesCity, testCamera, testSensor, type RulesCity } from './support/rules-city';
import { mqttUrl, sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Acceptance 3: a sensor breach, a camera detection and a citizen report within 200 m and 10 minutes
 * become ONE incident with three evidence items. The sensor and the camera stand where the demo city's
 * market station (pt-aq-01) and market camera (cam-cho-phan-thiet) stand, ~70 m apart.
 */

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const SENSOR = `rx-aq-${run}`;
const CAMERA = `rx-cam-${run}`;
const MARKET = { lat: 10.9262, lon: 108.1003 };

let city: RulesCity;
let server: TestServer;
let pub: MqttClient;

beforeAll(async () => {
  city = makeRulesCity({
    sensors: [testSensor(SENSOR, 'air_quality', ['pm25'], MARKET.lat, MARKET.lon)],
    cameras: [testCamera(CAMERA, 10.9258, 108.1008)],
    rules: [
      {
        id: 'smoke-spike',
        type: 'threshold',
        metric: 'pm25',
        value: 300,
        clearValue: 150,
        devices: { ids: [SENSOR] },
        category: 'fire',
        severity: 'Severe',
        title: { vi: 'Khói bất thường tại {deviceName}', en: 'Possible smoke at {deviceName}' },
      },
      {
        id: 'fire-cam',
        type: 'camera',
        cameras: [CAMERA],
        labels: ['fire', 'smoke'],
        minScore: 0.6,
        category: 'fire',
      },
      { id: 'reports', type: 'citizen_report' },
    ],
  });
  server = await startTestServer({ CITY_DIR: city.dir });
  pub = await mqtt.connectAsync(mqttUrl(), { clientId: `pub-rules-corr-${run}` });
});

afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
  city?.cleanup();
});

const db = <T>(text: string, params: unknown[] = []) => sql<T>(server.databaseUrl, text, params);
const evidence = (incidentId: string) =>
  db<{ kind: string; ref: string; matched_by: string; distance_m: number | null }>(
    'SELECT kind, ref, matched_by, distance_m FROM incident_evidence WHERE incident_id = $1 ORDER BY time, id',
    [incidentId],
  );

it('a sensor breach, a camera detection and a citizen report within 200 m and 10 min → one incident, three evidence items', async () => {
  const t0 = Date.now() - 8 * 60_000;
  // 1. the market station sees PM2.5 jump to 420 µg/m³
  await pub.publishAsync(`ioc/senml/${SENSOR}`, senml(SENSOR, [['pm25', 'ug/m3', 420, t0]]), { qos: 1 });
  const [opened] = await waitFor(
    async () => {
      const r = await db<{ id: string }>('SELECT id FROM incidents WHERE key = $1', [
        `threshold:smoke-spike:${SENSOR}`,
      ]);
      return r.length === 1 && r;
    },
    15_000,
    'sensor incident',
  );

  // 2. three minutes later the market camera (≈70 m away) detects smoke
  const eventId = `${(t0 + 180_000) / 1000}.9-${run}`;
  await pub.publishAsync(
    'frigate/events',
    frigateEvent({
      id: eventId,
      camera: CAMERA.replace(/-/g, '_'),
      label: 'smoke',
      startMs: t0 + 180_000,
      score: 0.82,
    }),
    { qos: 1 },
  );
  await waitFor(
    async () => (await db('SELECT 1 FROM camera_events WHERE id = $1', [eventId])).length > 0,
    15_000,
    'camera event',
  );
  await server.app.get(IngestService).drain();
  await server.app.get(RulesEngineService).idle();

  // 3. a caller reports the fire from 150 m north-east of the station (now, 8 minutes after the breach)
  const caller = destinationPoint(MARKET, 45, 150);
  const op = await server.as('operator');
  const res = await op.post('/api/reports', {
    text: 'Cháy ở khu chợ Phan Thiết, khói đen bốc cao',
    category: 'fire',
    lat: caller.lat,
    lon: caller.lon,
  });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ incidentId: opened.id, created: false });

  const all = await db<{ id: string; category: string; severity: string; evidence_count: number }>(
    `SELECT id, category, severity, evidence_count FROM incidents
      WHERE key IN ($1, $2, $3)`,
    [`threshold:smoke-spike:${SENSOR}`, `camera:fire-cam:${eventId}`, `report:${res.body.id}`],
  );
  expect(all).toEqual([{ id: opened.id, category: 'fire', severity: 'Severe', evidence_count: 3 }]);
  const ev = await evidence(opened.id);
  expect(ev.map((e) => [e.kind, e.matched_by])).toEqual([
    ['reading', 'opened'],
    ['camera_event', 'correlated'],
    ['citizen_report', 'correlated'],
  ]);
  expect(ev[1].distance_m).toBeGreaterThan(40);
  expect(ev[1].distance_m).toBeLessThan(100);
  expect(ev[2].distance_m).toBeGreaterThan(140);
  expect(ev[2].distance_m).toBeLessThan(200);

  // The incident's detail shows the three items too.
  const detail = await op.get(`/api/incidents/${opened.id}`);
  expect(detail.status).toBe(200);
  expect(detail.body.evidence).toHaveLength(3);
});

it('a report of the same category 500 m away opens its own incident', async () => {
  const far = destinationPoint(MARKET, 180, 500);
  const op = await server.as('operator');
  const res = await op.post('/api/reports', {
    text: 'Khói ở hẻm phía nam',
    category: 'fire',
    lat: far.lat,
    lon: far.lon,
  });
  expect(res.status).toBe(201);
  expect(res.body.created).toBe(true);
});

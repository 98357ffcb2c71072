import mqtt, { type MqttClient } from 'mqtt';
import { Database } from '../src/db/database.pool';
import { DeviceMonitorService } from '../src/devices/device-monitor.service';
import { IncidentsService } from '../src/incidents/incidents.service';
import { IngestService } from '../src/ingest/ingest.service';
import { RulesConfigService } from '../src/rules/rules-config.service';
import { RulesEngineService } from '../src/rules/rules-engine.service';
import { SignalProcessorService } from '../src/rules/signal-processor.service';
import { SignalQueueRepository } from '../src/rules/signal-queue.repository';
import { fiwareAlert, frigateEvent, lastLocalTime, senml } from './support/feed-payloads';
import { makeRulesCity, testCamera, testSensor, type RulesCity } from './support/rules-city';
import { mqttUrl, sql, waitFor } from './support/test-db';
import { incidentRows } from './support/incident-rows';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Acceptance 1 for rules over events: Frigate events, device offline transitions, FIWARE Alerts and
 * citizen reports (REST and MQTT), each published in its real format, open the right incident once.
 */

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const NIGHT_CAM = `rc-night-${run}`;
const FIRE_CAM = `rc-fire-${run}`;
const PLATE_CAM = `rc-plate-${run}`;
const WX = `ro-wx-${run}`;
const LEAK = `ro-leak-${run}`;
const frigateName = (id: string) => id.replace(/-/g, '_');

let city: RulesCity;
let server: TestServer;
let pub: MqttClient;

beforeAll(async () => {
  city = makeRulesCity({
    // Far apart (1–5 km), so correlation keeps each test's incident to itself.
    cameras: [
      testCamera(NIGHT_CAM, 10.9205, 108.095),
      testCamera(FIRE_CAM, 10.9585, 108.22),
      testCamera(PLATE_CAM, 10.976, 108.061),
    ],
    sensors: [
      testSensor(WX, 'weather', ['rainfall'], 10.878, 108.04),
      testSensor(LEAK, 'flood_sensor', ['water_leak'], 10.94, 108.105, { format: 'zigbee2mqtt' }),
    ],
    rules: [
      {
        id: 'night-parking',
        type: 'camera',
        cameras: [NIGHT_CAM],
        labels: ['person'],
        zones: ['bai_xe'],
        minScore: 0.7,
        timeWindows: [{ from: '22:00', to: '05:00' }],
        category: 'security',
        severity: 'Minor',
      },
      {
        id: 'fire-smoke',
        type: 'camera',
        cameras: [FIRE_CAM],
        labels: ['fire', 'smoke'],
        minScore: 0.6,
        category: 'fire',
        severity: 'Severe',
      },
      {
        id: 'watch-list',
        type: 'camera',
        cameras: [PLATE_CAM],
        labels: ['car'],
        plates: ['51F-123.45'],
        severity: 'Moderate',
      },
      { id: 'offline', type: 'device_offline', devices: { ids: [WX, LEAK] }, severity: 'Minor' },
      {
        id: 'fiware',
        type: 'fiware_alert',
        map: [
          { category: 'traffic', to: 'traffic' },
          { category: 'naturalDisaster', subCategory: 'flood', to: 'flood', severity: 'Extreme' },
        ],
      },
      { id: 'reports', type: 'citizen_report' },
    ],
  });
  server = await startTestServer({ CITY_DIR: city.dir });
  pub = await mqtt.connectAsync(mqttUrl(), { clientId: `pub-rules-events-${run}` });
});

afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
  city?.cleanup();
});

const db = <T>(text: string, params: unknown[] = []) => sql<T>(server.databaseUrl, text, params);

const { incidents, evidence } = incidentRows(() => server.databaseUrl);

/** Everything the broker delivered so far is committed and every proposal raised. */
async function settle(): Promise<void> {
  await server.app.get(IngestService).drain();
  await server.app.get(RulesEngineService).idle();
  await server.app.get(SignalProcessorService).settle();
}

describe('camera rules (Frigate)', () => {
  const cameraRow = (id: string, phase: string) =>
    db('SELECT 1 FROM camera_events WHERE id = $1 AND phase = $2', [id, phase]);
  async function event(o: Parameters<typeof frigateEvent>[0]): Promise<void> {
    await pub.publishAsync('frigate/events', frigateEvent(o), { qos: 1 });
    await waitFor(
      async () => (await cameraRow(o.id, o.type ?? 'update')).length > 0,
      15_000,
      `event ${o.id}`,
    );
    await settle();
  }
  const night = lastLocalTime(1, 0); // 01:00 in Phan Thiết
  const day = lastLocalTime(12, 0);

  it('person in the zone, at night, above the score: one incident however many updates the event gets', async () => {
    const id = `${night / 1000}.1-${run}`;
    const base = { id, camera: frigateName(NIGHT_CAM), label: 'person', startMs: night, zones: ['bai_xe'] };
    await event({ ...base, type: 'new', score: 0.5, zones: [] }); // not yet in the zone, low score
    expect(await incidents(`camera:night-parking:${id}`)).toEqual([]);
    await event({ ...base, type: 'update', score: 0.92 });
    await event({ ...base, type: 'update', score: 0.95 });
    await event({ ...base, type: 'end', score: 0.95 });
    const rows = await incidents(`camera:night-parking:${id}`);
    expect(rows).toEqual([
      expect.objectContaining({
        category: 'security',
        severity: 'Minor',
        title: `Phát hiện người trong vùng bai_xe tại Camera ${NIGHT_CAM}`,
        title_en: `Person detected in zone bai_xe at Camera ${NIGHT_CAM}`,
        lat: 10.9205,
        lon: 108.095,
        source: 'night-parking',
      }),
    ]);
    expect((await evidence(rows[0].id)).map((e) => [e.kind, e.ref])).toEqual([['camera_event', id]]);
  });

  it.each([
    ['in the daytime', { startMs: day, zones: ['bai_xe'], score: 0.95 }],
    ['outside the zone', { startMs: night + 60_000, zones: ['duong'], score: 0.95 }],
    ['below the minimum score', { startMs: night + 120_000, zones: ['bai_xe'], score: 0.5 }],
  ])('no incident for a person %s', async (_what, o) => {
    const id = `${o.startMs / 1000}.2-${run}`;
    await event({ id, camera: frigateName(NIGHT_CAM), label: 'person', ...o });
    expect(await incidents(`camera:night-parking:${id}`)).toEqual([]);
  });

  it('fire above the score opens a Severe fire incident; weak smoke and false positives do not', async () => {
    const now = Date.now() - 60_000;
    const fire = `${now / 1000}.3-${run}`;
    const smoke = `${now / 1000}.4-${run}`;
    const fp = `${now / 1000}.5-${run}`;
    await event({ id: smoke, camera: frigateName(FIRE_CAM), label: 'smoke', startMs: now, score: 0.4 });
    await event({
      id: fp,
      camera: frigateName(FIRE_CAM),
      label: 'fire',
      startMs: now,
      score: 0.9,
      falsePositive: true,
    });
    expect(await incidents(`camera:fire-smoke:${smoke}`)).toEqual([]);
    expect(await incidents(`camera:fire-smoke:${fp}`)).toEqual([]);
    await event({ id: fire, camera: frigateName(FIRE_CAM), label: 'fire', startMs: now, score: 0.8 });
    expect(await incidents(`camera:fire-smoke:${fire}`)).toEqual([
      expect.objectContaining({
        category: 'fire',
        severity: 'Severe',
        urgency: 'Immediate',
        certainty: 'Likely',
        title_en: `Fire detected at Camera ${FIRE_CAM}`,
      }),
    ]);
  });

  it('a watch-list plate opens an incident (written any way); another plate does not', async () => {
    const now = Date.now() - 60_000;
    const hit = `${now / 1000}.6-${run}`;
    const miss = `${now / 1000}.7-${run}`;
    await event({
      id: miss,
      camera: frigateName(PLATE_CAM),
      label: 'car',
      startMs: now,
      plate: '51F-000.00',
    });
    await event({ id: hit, camera: frigateName(PLATE_CAM), label: 'car', startMs: now, plate: '51f 12345' });
    expect(await incidents(`camera:watch-list:${miss}`)).toEqual([]);
    expect(await incidents(`camera:watch-list:${hit}`)).toEqual([
      expect.objectContaining({
        category: 'security',
        severity: 'Moderate',
        title_en: `Watch-list plate 51F12345 at Camera ${PLATE_CAM}`,
      }),
    ]);
  });
});

describe('device offline rule', () => {
  it('opens one incident when the device goes silent, and joins it when it happens again', async () => {
    const key = `offline:${WX}`;
    const send = () =>
      pub.publishAsync(`ioc/senml/${WX}`, senml(WX, [['rainfall', 'mm/h', 1, Date.now()]]), { qos: 1 });
    const online = async () =>
      waitFor(
        async () => (await db(`SELECT 1 FROM devices WHERE id = $1 AND status = 'online'`, [WX])).length > 0,
        15_000,
        'online',
      );
    const silence = () =>
      db(`UPDATE devices SET last_seen = now() - interval '10 minutes' WHERE id = $1`, [WX]);
    await send();
    await online();
    await silence();
    expect(await server.app.get(DeviceMonitorService).check()).toContain(WX);
    // already offline: no new transition
    expect(await server.app.get(DeviceMonitorService).check()).not.toContain(WX);
    await settle();
    const rows = await incidents(key);
    expect(rows).toEqual([
      expect.objectContaining({
        category: 'utility',
        severity: 'Minor',
        title: `Mất kết nối thiết bị Test ${WX}`,
        title_en: `Device offline: Test ${WX}`,
        lat: 10.878,
      }),
    ]);

    await send();
    await online();
    await silence();
    expect(await server.app.get(DeviceMonitorService).check()).toContain(WX);
    await settle();
    expect(await incidents(key)).toHaveLength(1);
    expect((await evidence(rows[0].id)).map((e) => [e.kind, e.matched_by])).toEqual([
      ['device_offline', 'opened'],
      ['device_offline', 'key'],
    ]);
  });
});

describe('device offline from the feed (Zigbee2MQTT availability)', () => {
  it('opens the offline incident when the bridge reports the device offline', async () => {
    const status = () => db<{ status: string }>('SELECT status FROM devices WHERE id = $1', [LEAK]);
    await pub.publishAsync(`zigbee2mqtt/${LEAK}/availability`, JSON.stringify({ state: 'online' }), {
      qos: 1,
    });
    await waitFor(async () => (await status())[0]?.status === 'online', 15_000, 'online');
    await pub.publishAsync(`zigbee2mqtt/${LEAK}/availability`, JSON.stringify({ state: 'offline' }), {
      qos: 1,
    });
    await waitFor(async () => (await status())[0]?.status === 'offline', 15_000, 'offline');
    await settle();
    expect(await incidents(`offline:${LEAK}`)).toEqual([
      expect.objectContaining({ category: 'utility', title_en: `Device offline: Test ${LEAK}`, lat: 10.94 }),
    ]);
  });
});

describe('FIWARE Alert rule', () => {
  const signalOf = (id: string) =>
    db<{ processed_at: Date | null; incident_id: string | null }>(
      'SELECT processed_at, incident_id FROM incident_signals WHERE source_id = $1 ORDER BY time',
      [id],
    );

  it('maps category and severity; a redelivery adds nothing, an update joins the same incident', async () => {
    const id = `urn:ngsi-ld:Alert:${run}`;
    const time = new Date(Date.now() - 60_000).toISOString();
    const alert = fiwareAlert({
      id,
      category: 'traffic',
      subCategory: 'trafficJam',
      severity: 'high',
      lat: 10.95,
      lon: 108.1065,
      time,
    });
    await pub.publishAsync(`ngsi-ld/Alert/${id}`, alert, { qos: 1 });
    await pub.publishAsync(`ngsi-ld/Alert/${id}`, alert, { qos: 1 });
    await waitFor(async () => (await signalOf(id))[0]?.processed_at, 15_000, 'alert processed');
    await settle();
    const rows = await incidents(`fiware:${id}`);
    expect(rows).toEqual([
      expect.objectContaining({
        category: 'traffic',
        sub_category: 'trafficJam',
        severity: 'Severe',
        title: 'Cảnh báo FIWARE: traffic/trafficJam',
        lat: 10.95,
        lon: 108.1065,
      }),
    ]);
    expect(await signalOf(id)).toEqual([{ processed_at: expect.any(Date), incident_id: rows[0].id }]);

    const later = new Date(Date.now() - 30_000).toISOString();
    await pub.publishAsync(
      `ngsi-ld/Alert/${id}`,
      fiwareAlert({
        id,
        category: 'traffic',
        subCategory: 'trafficJam',
        severity: 'high',
        lat: 10.95,
        lon: 108.1065,
        time: later,
      }),
      { qos: 1 },
    );
    await waitFor(
      async () => (await signalOf(id)).length === 2 && (await signalOf(id))[1].processed_at,
      15_000,
      'update',
    );
    expect(await incidents(`fiware:${id}`)).toHaveLength(1);
    expect((await evidence(rows[0].id)).map((e) => e.matched_by)).toEqual(['opened', 'key']);
  });

  it('uses the most specific mapping, and leaves expired alerts as history; the 2017 example is past retention', async () => {
    const id = `urn:ngsi-ld:Alert:flood-${run}`;
    await pub.publishAsync(
      `ngsi-ld/Alert/${id}`,
      fiwareAlert({
        id,
        category: 'naturalDisaster',
        subCategory: 'flood',
        severity: 'medium',
        lat: 10.912,
        lon: 108.076,
        time: new Date().toISOString(),
      }),
      { qos: 1 },
    );
    // older than the rules' maxEventAge (24 h) but inside the retention window: stored, no incident
    const old = `urn:ngsi-ld:Alert:old-${run}`;
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await pub.publishAsync(
      `ngsi-ld/Alert/${old}`,
      fiwareAlert({ id: old, category: 'traffic', lat: 10.9, lon: 108.1, time: threeDaysAgo }),
      { qos: 1 },
    );
    // the smart data model's own example (2017) is older than RETENTION_DAYS: dead-lettered, never a signal
    const ancient = `urn:ngsi-ld:Alert:2017-${run}`;
    await pub.publishAsync(
      `ngsi-ld/Alert/${ancient}`,
      fiwareAlert({
        id: ancient,
        category: 'traffic',
        lat: 10.9,
        lon: 108.1,
        time: '2017-01-02T09:25:55.000Z',
      }),
      { qos: 1 },
    );
    await waitFor(
      async () => (await signalOf(id))[0]?.processed_at && (await signalOf(old))[0]?.processed_at,
      15_000,
      'alerts processed',
    );
    expect(await incidents(`fiware:${id}`)).toEqual([
      expect.objectContaining({ category: 'flood', severity: 'Extreme' }),
    ]);
    expect(await incidents(`fiware:${old}`)).toEqual([]);
    expect(await signalOf(old)).toEqual([{ processed_at: expect.any(Date), incident_id: null }]);
    const dead = await waitFor(
      async () => {
        const r = await db<{ reason: string }>('SELECT reason FROM dead_letters WHERE topic = $1', [
          `ngsi-ld/Alert/${ancient}`,
        ]);
        return r.length ? r : null;
      },
      15_000,
      'dead letter of the 2017 alert',
    );
    expect(dead.map((d) => d.reason.split(':')[0])).toEqual(['time_before_retention']);
    expect(await signalOf(ancient)).toEqual([]);
  });
});

describe('citizen reports', () => {
  const valid = {
    text: 'Cây đổ chắn ngang đường Trần Hưng Đạo',
    category: 'traffic',
    lat: 10.9305,
    lon: 108.0957,
  };

  it('POST /api/reports opens an incident and answers with its id (201)', async () => {
    const op = await server.as('operator');
    const res = await op.post('/api/reports', {
      ...valid,
      contact: 'Anh Minh 0909 123 456',
      photoUrl: 'https://example.org/p.jpg',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      incidentId: expect.any(String),
      created: true,
    });
    const rows = await incidents(`report:${res.body.id}`);
    expect(rows).toEqual([
      expect.objectContaining({
        id: res.body.incidentId,
        category: 'traffic',
        severity: 'Unknown',
        certainty: 'Possible',
        title: `Phản ánh của người dân (giao thông): ${valid.text}`,
        lat: 10.9305,
        lon: 108.0957,
      }),
    ]);
    const ev = await evidence(res.body.incidentId);
    expect(ev).toEqual([
      expect.objectContaining({
        kind: 'citizen_report',
        ref: `report:${res.body.id}`,
        data: expect.objectContaining({
          text: valid.text,
          contact: 'Anh Minh 0909 123 456',
          photoUrl: 'https://example.org/p.jpg',
        }),
      }),
    ]);
    const signal = await db<{ processed_at: Date | null; incident_id: string; source: string }>(
      `SELECT processed_at, incident_id, source FROM incident_signals WHERE kind = 'citizen_report' AND source_id = $1`,
      [`report:${res.body.id}`],
    );
    expect(signal).toEqual([
      { processed_at: expect.any(Date), incident_id: res.body.incidentId, source: 'citizen' },
    ]);
  });

  it.each([
    ['text of 2001 characters', 'text', { text: 'x'.repeat(2001) }, 'must be at most 2000 characters'],
    ['blank text', 'text', { text: '   ' }, 'must not be empty'],
    ['no text', 'text', { text: undefined }, 'is required'],
    ['unknown category', 'category', { category: 'aliens' }, ''],
    ['latitude outside the city (Hà Nội)', 'lat', { lat: 21.03 }, 'must be inside the city'],
    ['longitude outside the city', 'lon', { lon: 105.85 }, 'must be inside the city'],
    ['latitude not a number', 'lat', { lat: 'north' }, ''],
    ['contact of 201 characters', 'contact', { contact: 'c'.repeat(201) }, 'must be at most 200 characters'],
    ['javascript: photo URL', 'photoUrl', { photoUrl: 'javascript:alert(1)' }, 'must be an http(s) URL'],
    ['a field the API does not take', 'severity', { severity: 'Extreme' }, 'unknown field'],
  ])('400 naming the field: %s', async (_what, field, patch, message) => {
    const op = await server.as('operator');
    const res = await op.post('/api/reports', { ...valid, ...patch });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([{ field, message: expect.stringContaining(message) }]),
    );
    expect(res.body.field).toBe(field);
  });

  it('lists every bad field at once, and refuses a request without a token', async () => {
    const op = await server.as('operator');
    const res = await op.post('/api/reports', { text: '', category: 'x', lat: 'a' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'category',
      'lat',
      'lon',
      'text',
    ]);
    expect((await op.post('/api/reports', '[1,2]')).status).toBe(400);
    expect((await server.anonymous.post('/api/reports', valid)).status).toBe(401);
  });

  it('a report on MQTT ioc/reports is processed the same way', async () => {
    const id = `r-${run}`;
    await pub.publishAsync(
      'ioc/reports',
      JSON.stringify({
        id,
        text: 'Nước ngập sâu 40 cm trước chợ Xuân An',
        category: 'flood',
        lat: 10.959,
        lon: 108.109,
        contact: '0912 000 111',
      }),
      { qos: 1 },
    );
    const rows = await waitFor(
      async () => {
        const r = await incidents(`report:${id}`);
        return r.length === 1 && r;
      },
      15_000,
      'MQTT report incident',
    );
    expect(rows[0]).toMatchObject({
      category: 'flood',
      severity: 'Unknown',
      lat: 10.959,
      lon: 108.109,
      source: 'reports',
    });
    expect(
      await db(`SELECT incident_id FROM incident_signals WHERE kind = 'citizen_report' AND source_id = $1`, [
        `report:${id}`,
      ]),
    ).toEqual([{ incident_id: rows[0].id }]);
  });
});

describe('the rules file at start', () => {
  it('a bad rule stops the server with a message naming the rule and the field', async () => {
    const bad = makeRulesCity({
      rules: [
        {
          id: 'pm25-typo',
          type: 'threshold',
          metric: 'pm25',
          value: 100,
          clearValue: 120,
          category: 'air_quality',
          severity: 'Minor',
          title: { vi: 'PM2.5', en: 'PM2.5' },
        },
      ],
    });
    try {
      await expect(startTestServer({ CITY_DIR: bad.dir })).rejects.toThrow(
        'rule "pm25-typo" (rules[0], threshold): clearValue: must be below value (100) for op >=',
      );
    } finally {
      bad.cleanup();
    }
  });
});

describe('GET /api/rules', () => {
  it('returns the loaded rules to operators, parsed (durations in seconds, defaults filled in)', async () => {
    const res = await (await server.as('operator')).get('/api/rules');
    expect(res.status).toBe(200);
    expect(res.body.file).toBe('rules.yaml');
    expect(res.body.maxEventAge).toBe(48 * 3600);
    expect(res.body.rules.map((r: { id: string }) => r.id)).toEqual([
      'night-parking',
      'fire-smoke',
      'watch-list',
      'offline',
      'fiware',
      'reports',
    ]);
    expect(res.body.rules[3]).toMatchObject({ type: 'device_offline', enabled: true, category: 'utility' });
    expect((await server.anonymous.get('/api/rules')).status).toBe(401);
  });
});

describe('signal processing with two workers', () => {
  it('raises each queued signal exactly once when two processors drain the same queue', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `report:pair-${run}-${i}`);
    const now = Date.now();
    // counted before the insert: the server's own processor polls and may start on them at once
    const before = server.app.get(SignalProcessorService).stats.processed;
    // 120 reports on a 1 km grid (no correlation between them), queued as the ingest stores them;
    // more than one claim (50) each, so both workers get some
    await db(
      `INSERT INTO incident_signals (time, kind, source_id, category, severity, description, lat, lon, source, received_at)
       SELECT to_timestamp($1::float8 / 1000) + make_interval(secs => i), 'citizen_report', $2 || i, 'other', 'Unknown',
              'Báo cáo ' || i, 10.85 + (i % 12) * 0.009, 107.98 + (i / 12) * 0.01, 'citizen', now()
         FROM generate_series(0, 119) AS i`,
      [now - 60_000, `report:pair-${run}-`],
    );
    const other = new Database(server.databaseUrl, 2);
    const second = new SignalProcessorService(
      server.app.get(RulesConfigService),
      new SignalQueueRepository(other),
      server.app.get(IncidentsService),
    );
    try {
      await Promise.all([server.app.get(SignalProcessorService).settle(), second.settle()]);
    } finally {
      await other.close();
    }
    // a timer nudge may have started another drain of the server's processor meanwhile: let it finish
    await server.app.get(SignalProcessorService).settle();
    const signals = await db<{ source_id: string; incident_id: string | null; attempts: number }>(
      `SELECT source_id, incident_id, attempts FROM incident_signals WHERE source_id = ANY($1) ORDER BY time`,
      [ids],
    );
    expect(signals).toHaveLength(120);
    const first = server.app.get(SignalProcessorService).stats.processed - before;
    expect(second.stats.processed).toBeGreaterThan(0);
    expect(first).toBeGreaterThan(0);
    expect(first + second.stats.processed).toBe(120);
    expect(signals.every((s) => s.incident_id !== null && s.attempts === 0)).toBe(true);
    const evidence = await db<{ ref: string; n: string }>(
      `SELECT ref, count(*) AS n FROM incident_evidence WHERE ref = ANY($1) GROUP BY ref`,
      [ids],
    );
    expect(evidence).toHaveLength(120);
    expect(evidence.every((e) => e.n === '1')).toBe(true);
    expect(new Set(signals.map((s) => s.incident_id)).size).toBe(120);
  });
});

import mqtt, { type MqttClient } from 'mqtt';
import { IngestService } from '../src/ingest/ingest.service';
import { AqiEvaluatorService } from '../src/rules/aqi-evaluator.service';
import { RulesEngineService } from '../src/rules/rules-engine.service';
import { senml } from './support/feed-payloads';
import { makeRulesCity, testSensor, type RulesCity } from './support/rules-city';
import { mqttUrl, sql, waitFor } from './support/test-db';
import { incidentRows } from './support/incident-rows';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Acceptance 1 for rules over readings: real SenML packs over MQTT (explicit past timestamps) →
 * readings → rules engine → incidents; each condition opens one incident, hysteresis holds, a second
 * breach joins the open incident.
 */

jest.setTimeout(120_000);

const run = Date.now().toString(36);
const AQ = `rt-aq-${run}`;
const STATION = `rt-aqs-${run}`;
const GAUGE = `rt-wl-${run}`;

let city: RulesCity;
let server: TestServer;
let pub: MqttClient;

beforeAll(async () => {
  city = makeRulesCity({
    // Kilometres apart, so correlation never merges one test's incident into another's.
    sensors: [
      testSensor(AQ, 'air_quality', ['pm25'], 10.934, 108.108),
      testSensor(STATION, 'air_quality', ['pm25'], 10.9445, 108.08),
      testSensor(GAUGE, 'water_level', ['water_level'], 10.9302, 108.0952, {
        floodAlarms: { level1: 2.2, level2: 2.6, level3: 3.0 },
      }),
    ],
    rules: [
      {
        id: 'pm25-high',
        type: 'threshold',
        metric: 'pm25',
        op: '>=',
        value: 100,
        clearValue: 60,
        for: '1m',
        clearFor: '1m',
        devices: { ids: [AQ] },
        category: 'air_quality',
        severity: 'Moderate',
        title: {
          vi: 'PM2.5 cao ({value} µg/m³) tại {deviceName}',
          en: 'High PM2.5 ({value} µg/m³) at {deviceName}',
        },
      },
      {
        id: 'so2-any',
        type: 'threshold',
        metric: 'so2',
        value: 500,
        hysteresis: 100,
        category: 'air_quality',
        severity: 'Minor',
        title: { vi: 'SO2 {value} tại {deviceName}', en: 'SO2 {value} at {deviceName}' },
      },
      { id: 'aqi', type: 'vn_aqi', stations: [STATION], raiseAt: 'poor', completeAfter: '0s' },
      { id: 'flood', type: 'flood', gauges: [GAUGE], hysteresis: 0.05 },
    ],
  });
  // One writer: each phase below is one message and lands in one batch, in order.
  server = await startTestServer({ CITY_DIR: city.dir, INGEST_WRITERS: '1' });
  pub = await mqtt.connectAsync(mqttUrl(), { clientId: `pub-rules-readings-${run}` });
});

afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
  city?.cleanup();
});

const db = <T>(text: string, params: unknown[] = []) => sql<T>(server.databaseUrl, text, params);

const { incidents, evidence } = incidentRows(() => server.databaseUrl);

/** Publish one pack and wait until its rows are committed and every proposal they caused is raised. */
async function send(device: string, records: [string, string, number, number][]): Promise<void> {
  await pub.publishAsync(`ioc/senml/${device}`, senml(device, records), { qos: 1 });
  const last = new Date(records[records.length - 1][3]).toISOString();
  await waitFor(
    async () =>
      (await db('SELECT 1 FROM readings WHERE device_id = $1 AND time = $2', [device, last])).length > 0,
    15_000,
    `readings of ${device} up to ${last}`,
  );
  await server.app.get(IngestService).drain();
  await server.app.get(RulesEngineService).idle();
}

const MIN = 60_000;

describe('threshold rule (duration + hysteresis)', () => {
  const key = `threshold:pm25-high:${AQ}`;
  const t0 = Date.now() - 40 * MIN;
  const at = (m: number) => t0 + m * MIN;
  const pm = (values: [minute: number, value: number][]) =>
    values.map(([m, v]) => ['pm25', 'ug/m3', v, at(m)] as [string, string, number, number]);

  it('opens one incident after the breach lasted 1 min, and not again while values hover at the level', async () => {
    // a single breaching minute is not enough
    await send(
      AQ,
      pm([
        [0, 40],
        [1, 130],
        [2, 50],
      ]),
    );
    expect(await incidents(key)).toEqual([]);
    // 120 at 3 and 4: held 60 s → raise at minute 4; then hovering 95–105 (above the clear level 60)
    await send(
      AQ,
      pm([
        [3, 120],
        [4, 125],
        [5, 95],
        [6, 105],
        [7, 98],
        [8, 101],
        [9, 99],
        [10, 110],
      ]),
    );
    const open = await waitFor(
      async () => {
        const rows = await incidents(key);
        return rows.length === 1 && rows;
      },
      10_000,
      'threshold incident',
    );
    expect(open[0]).toMatchObject({
      status: 'new',
      category: 'air_quality',
      severity: 'Moderate',
      title: `PM2.5 cao (125 µg/m³) tại Test ${AQ}`,
      title_en: `High PM2.5 (125 µg/m³) at Test ${AQ}`,
      lat: 10.934,
      lon: 108.108,
    });
    const ev = await evidence(open[0].id);
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      kind: 'reading',
      ref: `${AQ}/pm25/${new Date(at(4)).toISOString()}`,
      data: { value: 125, threshold: 100 },
    });
  });

  it('clears after 1 min below 60, and a second breach joins the open incident instead of duplicating it', async () => {
    await send(
      AQ,
      pm([
        [11, 40],
        [12, 45],
        [13, 150],
        [14, 160],
      ]),
    );
    const rows = await incidents(key);
    expect(rows).toHaveLength(1);
    const ev = await evidence(rows[0].id);
    expect(ev.map((e) => [e.ref, e.matched_by])).toEqual([
      [`${AQ}/pm25/${new Date(at(4)).toISOString()}`, 'opened'],
      [`${AQ}/pm25/${new Date(at(14)).toISOString()}`, 'key'],
    ]);
    const stats = server.app.get(RulesEngineService).stats;
    expect(stats).toMatchObject({ thresholdRaises: 2, thresholdClears: 1, errors: 0 });
  });

  it('ignores readings older than maxEventAge (history only), then raises on a fresh one', async () => {
    const other = `rt-so2-${run}`;
    const old = Date.now() - 49 * 3600_000;
    await send(other, [['so2', 'ug/m3', 900, old]]);
    expect(await incidents(`threshold:so2-any:${other}`)).toEqual([]);
    await send(other, [['so2', 'ug/m3', 900, Date.now() - MIN]]);
    // a device outside the city config: no place known, the registry name is its id
    expect(await incidents(`threshold:so2-any:${other}`)).toMatchObject([
      { category: 'air_quality', severity: 'Minor', title: `SO2 900 tại ${other}`, lat: null },
    ]);
  });
});

describe('VN_AQI rule (QĐ 1459, hourly NowCast)', () => {
  const key = `aqi:aqi:${STATION}`;

  it('opens at Kém from 13 hours of PM2.5 and raises the same incident to Xấu with the band’s severity', async () => {
    // Hours H-13 … H-1: six at 60 µg/m³, then seven at 120, four readings an hour.
    const H = Math.floor(Date.now() / 3600_000) * 3600_000;
    const records: [string, string, number, number][] = [];
    for (let i = 0; i < 13; i++) {
      const hour = H - (13 - i) * 3600_000;
      const value = i < 6 ? 60 : 120;
      for (const q of [5, 20, 35, 50]) records.push(['pm25', 'ug/m3', value, hour + q * MIN]);
    }
    await send(STATION, records);
    await server.app.get(AqiEvaluatorService).settle();
    const rows = await waitFor(
      async () => {
        const r = await incidents(key);
        return r.length === 1 && r[0].severity === 'Moderate' && r;
      },
      20_000,
      'AQI incident at Xấu',
    );
    // hour 2: NowCast 60 → 117 (Kém, Minor); hour 7: NowCast 90.24 → 158 (Xấu, Moderate)
    const ev = await evidence(rows[0].id);
    expect(ev.map((e) => [e.kind, e.data.aqi, e.data.band, e.matched_by])).toEqual([
      ['aqi', 117, 'poor', 'opened'],
      ['aqi', 158, 'bad', 'key'],
    ]);
    expect(ev[0].ref).toBe(`${STATION}/${new Date(H - 12 * 3600_000).toISOString()}`);
    expect(rows[0]).toMatchObject({ category: 'air_quality', lat: 10.9445, lon: 108.08 });
    expect(rows[0].title).toContain('Chất lượng không khí kém (VN_AQI 117)');

    // Each hour is evaluated once: running again adds nothing, and the state is in the database.
    await server.app.get(AqiEvaluatorService).settle();
    expect(await evidence(rows[0].id)).toHaveLength(2);
    const state = await db<{ state: { lastHour: number; raised: boolean; peakBand: string } }>(
      `SELECT state FROM rule_state WHERE rule_id = 'aqi' AND subject = $1`,
      [STATION],
    );
    expect(state[0].state).toEqual({ lastHour: H - 3600_000, raised: true, peakBand: 'bad' });
  });
});

describe('flood rule (alarm levels I/II/III)', () => {
  const key = `flood:flood:${GAUGE}`;

  it('opens one incident at level I and raises its severity through II and III, without flapping', async () => {
    const t0 = Date.now() - 30 * MIN;
    const levels = [1.8, 2.25, 2.18, 2.22, 2.65, 2.58, 3.05, 2.9, 3.01];
    await send(
      GAUGE,
      levels.map((v, i) => ['water_level', 'm', v, t0 + i * MIN] as [string, string, number, number]),
    );
    const rows = await waitFor(
      async () => {
        const r = await incidents(key);
        return r.length === 1 && r[0].severity === 'Extreme' && r;
      },
      10_000,
      'flood incident at level III',
    );
    expect(rows[0]).toMatchObject({ category: 'flood', lat: 10.9302, lon: 108.0952 });
    const ev = await evidence(rows[0].id);
    // 2.18 holds level I (hysteresis 0.05), 2.58 holds II, 2.9 → II and 3.01 → III again propose nothing
    expect(ev.map((e) => [e.kind, e.data.level, e.data.value])).toEqual([
      ['flood_level', 1, 2.25],
      ['flood_level', 2, 2.65],
      ['flood_level', 3, 3.05],
    ]);
  });
});

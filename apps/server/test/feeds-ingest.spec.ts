import mqtt, { type MqttClient } from 'mqtt';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashBytes } from '@ioc/feeds/hash.util';
import { IngestService } from '../src/ingest/ingest.service';
import { mqttUrl, sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Acceptance: every published feed example (libs/feeds/fixtures), published with QoS 1 on its real topic,
 * lands in PostgreSQL as exactly the expected rows. Expected values are written out literally here (not
 * computed by the adapters), so a change anywhere between broker and table shows up as a row diff.
 *
 * Ids: fixtures whose rows carry the arrival time (no time in the payload) or whose state changes over the
 * test get a per-run device/event id, so a concurrent run on the same broker cannot add rows to ours;
 * fixtures with fixed times keep their own ids (a second copy would hit the idempotent keys).
 */

jest.setTimeout(120_000);

const FIXTURES = join(__dirname, '../../../libs/feeds/fixtures');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixtureJson = (name: string): any => JSON.parse(fixture(name).toString('utf8'));

const run = Date.now().toString(36);
let server: TestServer;
let pub: MqttClient;
/** SHA-256 of every payload this file published: other test files on the shared broker reach our server too. */
const published: Buffer[] = [];

beforeAll(async () => {
  // The examples date from 2011–2024. On TimescaleDB the retention job (RETENTION_DAYS, default 365) runs
  // as soon as the server starts and would drop their chunks mid-test; keep them for the longest allowed span.
  server = await startTestServer({ RETENTION_DAYS: '36500' });
  pub = await mqtt.connectAsync(mqttUrl(), { clientId: `pub-feeds-${run}` });
});

afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
});

async function publish(topic: string, payload: Buffer | string): Promise<void> {
  published.push(createHash('sha256').update(payload).digest());
  await pub.publishAsync(topic, payload, { qos: 1 });
}

const db = <T>(text: string, params: unknown[] = []) => sql<T>(server.databaseUrl, text, params);
/**
 * Distinct reasons of the dead letters holding exactly these bytes, once there is one (a concurrent run of
 * this file on the shared broker publishes the same fixture bytes: one dead letter each, same reason).
 */
const deadLettered = (payload: Buffer) =>
  waitFor(
    async () => {
      const r = await db<{ reason: string }>(
        'SELECT DISTINCT reason FROM dead_letters WHERE payload_sha256 = sha256($1)',
        [payload],
      );
      return r.length ? r.map((x) => x.reason) : null;
    },
    20_000,
    'dead letter',
  );
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Wait until `query` returns at least `n` rows, let every writer commit, then return the final rows. */
async function settled<T>(query: () => Promise<T[]>, n: number, what: string): Promise<T[]> {
  await waitFor(async () => (await query()).length >= n, 20_000, what);
  await server.app.get(IngestService).drain();
  return query();
}

type Row = [device: string, metric: string, value: number | null, unit: string | null, time: string];
const byKey = (a: Row, b: Row) => {
  const ka = `${a[0]}\u0000${a[4]}\u0000${a[1]}`;
  const kb = `${b[0]}\u0000${b[4]}\u0000${b[1]}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};
const sorted = (rows: Row[]) => [...rows].sort(byKey);

interface ReadingRow {
  device_id: string;
  metric: string;
  value: number | null;
  value_text: string | null;
  unit: string | null;
  time: Date;
  source: string;
  received_at: Date;
}
const readingRows = (ids: string[]) =>
  db<ReadingRow>(
    'SELECT device_id, metric, value, value_text, unit, time, source, received_at FROM readings WHERE device_id = ANY($1)',
    [ids],
  );
const asRows = (r: ReadingRow[]): Row[] =>
  sorted(r.map((x) => [x.device_id, x.metric, x.value, x.unit, x.time.toISOString()]));

interface DeviceRow {
  id: string;
  source: string;
  status: string;
  lat: number | null;
  lon: number | null;
  alt: number | null;
  location_time: Date | null;
  last_seen: Date | null;
}
async function device(id: string) {
  const [d] = await db<DeviceRow>(
    'SELECT id, source, status, lat, lon, alt, location_time, last_seen FROM devices WHERE id = $1',
    [id],
  );
  return d
    ? {
        id: d.id,
        source: d.source,
        status: d.status,
        lat: d.lat,
        lon: d.lon,
        alt: d.alt,
        locationTime: iso(d.location_time),
      }
    : null;
}

describe('feed fixtures → broker → PostgreSQL, row by row', () => {
  it('SenML RFC 8428 §5.1.4: readings with absolute times, lat/lon → device location (newest fix)', async () => {
    const dev = 'urn:dev:ow:10e2073a01080063';
    await publish(`ioc/senml/${dev}`, fixture('senml-rfc8428.json'));
    const rows = await settled(() => readingRows([dev]), 5, 'SenML readings');
    expect(asRows(rows)).toEqual(
      sorted([
        [dev, 'humidity', 20, '%RH', '2011-10-31T13:24:24.000Z'],
        [dev, 'humidity', 20.3, '%RH', '2011-10-31T13:25:24.000Z'],
        [dev, 'humidity', 20.7, '%RH', '2011-10-31T13:26:24.000Z'],
        [dev, 'battery', 98, '%EL', '2011-10-31T13:26:54.000Z'],
        [dev, 'humidity', 21.2, '%RH', '2011-10-31T13:27:24.000Z'],
      ]),
    );
    expect(rows.every((r) => r.source === 'senml' && r.value_text === null)).toBe(true);
    // lat/lon records are a location, never readings named lat/lon
    await waitFor(async () => (await device(dev))?.locationTime, 10_000, 'SenML device location');
    expect(await device(dev)).toEqual({
      id: dev,
      source: 'senml',
      status: 'online',
      lat: 60.07967,
      lon: 24.30628,
      alt: null,
      locationTime: '2011-10-31T13:27:24.000Z',
    });
  });

  it('SenML RFC 8428 §5.1.5: v, vs, vb, vd; no time → the arrival time (= received_at)', async () => {
    // per-run bn: these rows carry the arrival time, so a concurrent run must not share the device
    const pack = fixtureJson('senml-rfc8428-datatypes.json') as Record<string, unknown>[];
    const dev = `urn:dev:ow:10e2073a01080063-${run}`;
    pack[0].bn = `${dev}:`;
    const before = Date.now();
    await publish(`ioc/senml/${dev}`, JSON.stringify(pack));
    const rows = await settled(() => readingRows([dev]), 4, 'SenML data type readings');
    const after = Date.now();
    const t = rows[0].time.toISOString();
    expect(rows[0].time.getTime()).toBeGreaterThanOrEqual(before);
    expect(rows[0].time.getTime()).toBeLessThanOrEqual(after);
    const text = (r: ReadingRow) => [
      r.metric,
      r.value,
      r.value_text,
      r.unit,
      r.time.toISOString(),
      iso(r.received_at),
      r.source,
    ];
    expect(rows.map(text).sort()).toEqual(
      [
        ['temp', 23.1, null, 'Cel', t, t, 'senml'],
        ['label', null, 'Machine Room', null, t, t, 'senml'],
        ['open', 0, null, null, t, t, 'senml'],
        ['nfc-reader', null, 'aGkgCg', null, t, t, 'senml'],
      ].sort(),
    );
  });

  it('Zigbee2MQTT state lines: one message per line, numeric/boolean keys → readings with units', async () => {
    const lines = fixture('zigbee2mqtt-state.jsonl')
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { topic: string; payload: unknown });
    // friendly names as an installer would set them, unique per run; FRIENDLY_NAME is the docs placeholder
    const names = [
      `ubnd-${run}/bedroom/motion`,
      `ubnd-${run}/BAD_LEAK01`,
      `ubnd-${run}/AZ_TEMP`,
      `ubnd-${run}/phong-hop-tang-2/nhiet-am`,
    ];
    expect(lines.map((l) => l.topic)).toEqual([
      'zigbee2mqtt/bedroom/motion',
      'zigbee2mqtt/BAD_LEAK01',
      'zigbee2mqtt/AZ_TEMP',
      'zigbee2mqtt/FRIENDLY_NAME',
    ]);
    const before = Date.now();
    for (let i = 0; i < lines.length; i++)
      await publish(`zigbee2mqtt/${names[i]}`, JSON.stringify(lines[i].payload));
    const rows = await settled(() => readingRows(names), 6 + 8 + 7 + 2, 'Zigbee2MQTT readings');
    const after = Date.now();
    expect(rows.every((r) => r.source === 'zigbee2mqtt')).toBe(true);

    // lines 1 and 4 carry no last_seen: their readings are stamped with the arrival time
    const arrival = (name: string) => {
      const times = new Set(rows.filter((r) => r.device_id === name).map((r) => r.time.getTime()));
      expect(times.size).toBe(1);
      const [t] = [...times];
      expect(t).toBeGreaterThanOrEqual(before);
      expect(t).toBeLessThanOrEqual(after);
      expect(rows.filter((r) => r.device_id === name).every((r) => r.received_at.getTime() === t)).toBe(true);
      return new Date(t).toISOString();
    };
    const [motion, leak, temp, room] = names;
    const t1 = arrival(motion);
    const t4 = arrival(room);
    const t2 = '2024-01-10T18:42:48.000Z';
    const t3 = '2024-01-09T23:17:18.000Z';
    expect(asRows(rows)).toEqual(
      sorted([
        [motion, 'battery', 100, '%', t1],
        [motion, 'linkquality', 18, 'lqi', t1],
        [motion, 'occupancy', 1, null, t1],
        [motion, 'temperature', 19.9, '°C', t1],
        [motion, 'illuminance', 16994, null, t1],
        [motion, 'illuminance_lux', 49, 'lx', t1],
        [leak, 'battery', 100, '%', t2],
        [leak, 'battery_low', 0, null, t2],
        [leak, 'device_temperature', 23, '°C', t2],
        [leak, 'linkquality', 73, 'lqi', t2],
        [leak, 'power_outage_count', 21, null, t2],
        [leak, 'tamper', 0, null, t2],
        [leak, 'voltage', 3015, 'mV', t2],
        [leak, 'water_leak', 1, null, t2],
        [temp, 'battery', 83, '%', t3],
        [temp, 'humidity', 76.55, '%', t3],
        [temp, 'linkquality', 99, 'lqi', t3],
        [temp, 'power_outage_count', 49943, null, t3],
        [temp, 'pressure', 1008.8, 'hPa', t3],
        [temp, 'temperature', 20.76, '°C', t3],
        [temp, 'voltage', 2975, 'mV', t3],
        [room, 'temperature', 27.34, '°C', t4],
        [room, 'humidity', 44.72, '%', t4],
      ]),
    );
    for (const name of names) {
      expect(await device(name)).toMatchObject({
        id: name,
        source: 'zigbee2mqtt',
        status: 'online',
        lat: null,
        lon: null,
      });
    }
  });

  it('Zigbee2MQTT availability → devices.status and device_events', async () => {
    const name = `ubnd-${run}/BAD_LEAK01`;
    const events = () =>
      db<{ time: Date; kind: string; reason: string }>(
        'SELECT time, kind, reason FROM device_events WHERE device_id = $1 ORDER BY time, kind',
        [name],
      );
    const t0 = Date.now();
    await publish(`zigbee2mqtt/${name}/availability`, '{"state":"offline"}');
    await settled(events, 1, 'offline event');
    expect((await device(name))?.status).toBe('offline');
    await publish(`zigbee2mqtt/${name}/availability`, 'online');
    const ev = await settled(events, 2, 'online event');
    expect((await device(name))?.status).toBe('online');
    expect(ev.map((e) => [e.kind, e.reason])).toEqual([
      ['offline', 'zigbee2mqtt availability'],
      ['online', 'zigbee2mqtt availability'],
    ]);
    expect(ev[0].time.getTime()).toBeGreaterThanOrEqual(t0);
    expect(ev[1].time.getTime()).toBeGreaterThanOrEqual(ev[0].time.getTime());
  });

  it('TTS v3 uplink: decoded_payload → readings at the network-server time, locations.user → device location', async () => {
    await publish('v3/app1/devices/dev1/up', fixture('tts-v3-uplink.json'));
    const t = '2020-02-12T15:15:45.789Z';
    const rows = await settled(() => readingRows(['dev1']), 2, 'TTS readings');
    expect(asRows(rows)).toEqual(
      sorted([
        ['dev1', 'temperature', 1, null, t],
        ['dev1', 'luminosity', 0.64, null, t],
      ]),
    );
    expect(rows.every((r) => r.source === 'ttn')).toBe(true);
    await waitFor(async () => (await device('dev1'))?.locationTime, 10_000, 'TTS device location');
    expect(await device('dev1')).toEqual({
      id: 'dev1',
      source: 'ttn',
      status: 'online',
      lat: 37.97155556731436,
      lon: 23.72678801175413,
      alt: 10,
      locationTime: t,
    });
  });

  it('TTS v3: a simulated uplink stores nothing; the same uplink on an @tenant topic is stored', async () => {
    const sim = fixtureJson('tts-v3-uplink.json');
    const simDev = `dev1-sim-${run}`;
    sim.end_device_ids.device_id = simDev;
    sim.simulated = true;
    const real = fixtureJson('tts-v3-uplink.json');
    const dev = `dev1-${run}`;
    real.end_device_ids.device_id = dev;
    // the simulated one first: once the later real one is stored, the simulated one has been handled
    await publish(`v3/app1@tenant1/devices/${simDev}/up`, JSON.stringify(sim));
    await publish(`v3/app1@tenant1/devices/${dev}/up`, JSON.stringify(real));
    const t = '2020-02-12T15:15:45.789Z';
    const rows = await settled(() => readingRows([dev, simDev]), 2, 'tenant uplink readings');
    expect(asRows(rows)).toEqual(
      sorted([
        [dev, 'temperature', 1, null, t],
        [dev, 'luminosity', 0.64, null, t],
      ]),
    );
    expect(await device(simDev)).toBeNull();
    const dl = await db('SELECT reason FROM dead_letters WHERE topic = $1', [
      `v3/app1@tenant1/devices/${simDev}/up`,
    ]);
    expect(dl).toEqual([]);
  });

  it('FIWARE AirQualityObserved keyValues: naive dateObserved read at +07:00, no units, Point → location', async () => {
    const entity = 'urn:ngsi-ld:AirQualityObserved:Madrid-AmbientObserved-28079004-2016-03-15T11:00:00';
    const d = 'Madrid-AmbientObserved-28079004-2016-03-15T11:00:00';
    await publish(
      `ngsi-ld/AirQualityObserved/${entity}`,
      fixture('fiware-AirQualityObserved.keyvalues.jsonld'),
    );
    const t = '2016-03-15T04:00:00.000Z';
    const rows = await settled(() => readingRows([d]), 11, 'AQ keyValues readings');
    expect(asRows(rows)).toEqual(
      sorted([
        [d, 'co', 500, null, t],
        [d, 'no', 45, null, t],
        [d, 'no2', 69, null, t],
        [d, 'nox', 139, null, t],
        [d, 'so2', 11, null, t],
        [d, 'airQualityIndex', 65, null, t],
        [d, 'precipitation', 0, null, t],
        [d, 'relativeHumidity', 0.54, null, t],
        [d, 'temperature', 12.2, null, t],
        [d, 'windDirection', 180, null, t],
        [d, 'windSpeed', 0.64, null, t],
      ]),
    );
    expect(rows.every((r) => r.source === 'fiware')).toBe(true);
    await waitFor(async () => (await device(d))?.locationTime, 10_000, 'AQ location');
    expect(await device(d)).toEqual({
      id: d,
      source: 'fiware',
      status: 'online',
      lat: 40.423852777777775,
      lon: -3.712247222222222,
      alt: null,
      locationTime: t,
    });
  });

  it('FIWARE AirQualityObserved normalized: unitCode → unit, observedAt per attribute, refDevice → device id', async () => {
    const d = 'aq-phanthiet-01';
    // The example's refDevice (aq-phanthiet-01) is not its entity (PhanThiet-AQ-01): on that entity's topic it
    // would speak for another device (identity_mismatch, libs/feeds fiware spec); the bridge's notification topic, which names
    // no entity, carries it as published.
    await publish('ngsi-ld/AirQualityObserved', fixture('fiware-AirQualityObserved.normalized.jsonld'));
    const rows = await settled(() => readingRows([d]), 6, 'AQ normalized readings');
    expect(asRows(rows)).toEqual(
      sorted([
        [d, 'pm25', 38.5, 'µg/m³', '2024-11-22T07:00:00.000Z'],
        [d, 'pm10', 61, 'µg/m³', '2024-11-22T07:00:00.000Z'],
        [d, 'co', 0.9, 'mg/m³', '2024-11-22T06:55:00.000Z'],
        [d, 'no2', 42.1, 'µg/m³', '2024-11-22T07:00:00.000Z'],
        [d, 'temperature', 29.4, '°C', '2024-11-22T07:00:00.000Z'],
        [d, 'relativeHumidity', 0.78, 'C62', '2024-11-22T07:00:00.000Z'],
      ]),
    );
    await waitFor(async () => (await device(d))?.locationTime, 10_000, 'AQ normalized location');
    expect(await device(d)).toEqual({
      id: d,
      source: 'fiware',
      status: 'online',
      lat: 10.9289,
      lon: 108.1021,
      alt: null,
      locationTime: '2024-11-22T07:00:00.000Z',
    });
  });

  it('FIWARE WaterQualityObserved keyValues: every numeric attribute, UTC dateObserved', async () => {
    const d = 'waterqualityobserved:Sevilla:D1';
    await publish(
      `ngsi-ld/WaterQualityObserved/urn:ngsi-ld:WaterQualityObserved:${d}`,
      fixture('fiware-WaterQualityObserved.keyvalues.jsonld'),
    );
    const t = '2017-01-31T06:45:00.000Z';
    const values: [string, number][] = [
      ['NO3', 0.01],
      ['conductivity', 0.005],
      ['pH', 7.4],
      ['temperature', 24.4],
      ['flow', 127.53],
      ['alkalinity', 0.1],
      ['TKN', 1],
      ['NO2', 0.09],
      ['N-TOT', 6],
      ['P-TOT', 0.6],
      ['P-PO4', 0.5],
      ['Al', 0.01],
      ['As', 0],
      ['B', 0.2],
      ['Ba', 0],
      ['Cd', 0.001],
      ['Cr', 0],
      ['Cr-III', 0],
      ['Cr-VI', 0],
      ['Cu', 0],
      ['Fe', 0],
      ['fluoride', 0.1],
      ['Hg', 0],
      ['THC', 0],
      ['Ni', 0],
      ['TO', 0.01],
      ['Pb', 0],
      ['Se', 0],
      ['Sn', 0],
      ['sulphate', 143.3],
      ['sulphite', 0],
      ['anionic-surfactants', 0.3],
      ['cationic-surfactants', 0.2],
      ['non-ionic-surfactants', 0.1],
      ['total-surfactants', 0.3],
      ['Zn', 0],
    ];
    const rows = await settled(() => readingRows([d]), values.length, 'WQ readings');
    expect(asRows(rows)).toEqual(sorted(values.map(([m, v]): Row => [d, m, v, null, t])));
    await waitFor(async () => (await device(d))?.locationTime, 10_000, 'WQ location');
    expect(await device(d)).toMatchObject({ lat: 37.362882, lon: -5.993307, alt: null, locationTime: t });
  });

  it('FIWARE TrafficFlowObserved normalized: interval dateObserved → its end; lane qualifiers and LineString not stored', async () => {
    const d = 'TrafficFlowObserved-Valladolid-osm-60821110';
    await publish(
      `ngsi-ld/TrafficFlowObserved/urn:ngsi-ld:TrafficFlowObserved:${d}`,
      fixture('fiware-TrafficFlowObserved.normalized.jsonld'),
    );
    // naive "11:10:00/11:15:00" read at +07:00 (the adapter's documented default), end of the interval
    const t = '2016-12-07T04:15:00.000Z';
    const rows = await settled(() => readingRows([d]), 5, 'traffic readings');
    expect(asRows(rows)).toEqual(
      sorted([
        [d, 'averageHeadwayTime', 0.5, null, t],
        [d, 'averageVehicleLength', 9.87, null, t],
        [d, 'averageVehicleSpeed', 52.6, null, t],
        [d, 'intensity', 197, null, t],
        [d, 'occupancy', 0.76, null, t],
      ]),
    );
    expect(await device(d)).toEqual({
      id: d,
      source: 'fiware',
      status: 'online',
      lat: null,
      lon: null,
      alt: null,
      locationTime: null,
    });
  });

  interface SignalRow {
    time: Date;
    kind: string;
    source_id: string;
    category: string;
    sub_category: string | null;
    severity: string;
    description: string;
    lat: number | null;
    lon: number | null;
    contact: string | null;
    photo_url: string | null;
    raw: unknown;
    source: string;
    received_at: Date;
  }
  const signals = (ids: string[]) =>
    db<SignalRow>(
      `SELECT time, kind, source_id, category, sub_category, severity, description, lat, lon, contact, photo_url, raw,
              source, received_at
         FROM incident_signals WHERE source_id = ANY($1) ORDER BY source_id`,
      [ids],
    );
  // processed_at is not compared: the rules engine takes signals up as soon as they are stored (rules-*.spec.ts)
  const signalOf = (r: SignalRow) => ({ ...r, time: iso(r.time), received_at: undefined });

  it('FIWARE Alert → one incident_signals row with CAP severity and the entity as raw', async () => {
    const id = 'urn:ngsi-ld:Alert:Alert:1';
    await publish(`ngsi-ld/Alert/${id}`, fixture('fiware-Alert.keyvalues.jsonld'));
    const rows = await settled(() => signals([id]), 1, 'alert signal');
    expect(rows.map(signalOf)).toEqual([
      {
        time: '2017-01-02T09:25:55.000Z',
        kind: 'fiware_alert',
        source_id: id,
        category: 'traffic',
        sub_category: 'trafficJam',
        severity: 'Severe',
        description: 'The road is completely blocked for 3kms',
        lat: 40.423852777777775,
        lon: -3.712247222222222,
        contact: null,
        photo_url: null,
        raw: fixtureJson('fiware-Alert.keyvalues.jsonld'),
        source: 'fiware',
        received_at: undefined,
      },
    ]);
  });

  it('citizen reports on ioc/reports → incident_signals (cleaned text, naive time at +07:00, byte-hash id)', async () => {
    const body = {
      id: `pt-${run}`,
      text: '  Ngập sâu 40cm trước chợ Phan Thiết\r\nNước chảy xiết\u200B  ',
      category: 'flood',
      subCategory: 'street_flooding',
      lat: 10.9258,
      lon: 108.1008,
      contact: '0901 234 567',
      photoUrl: 'https://example.org/p/1.jpg',
      time: '2024-11-22T15:05:00',
    };
    const bare = Buffer.from(JSON.stringify({ text: `Đèn giao thông ngã bảy bị hỏng (${run})` }));
    const bareId = `report:${hashBytes(bare)}`;
    const before = Date.now();
    await publish('ioc/reports', JSON.stringify(body));
    await publish('ioc/reports', bare);
    const rows = await settled(() => signals([`report:pt-${run}`, bareId]), 2, 'two report signals');
    const after = Date.now();
    expect(rows).toHaveLength(2);
    const withId = rows.find((r) => r.source_id !== bareId)!;
    const withoutId = rows.find((r) => r.source_id === bareId)!;
    expect(signalOf(withId)).toEqual({
      time: '2024-11-22T08:05:00.000Z',
      kind: 'citizen_report',
      source_id: `report:pt-${run}`,
      category: 'flood',
      sub_category: 'street_flooding',
      severity: 'Unknown',
      description: 'Ngập sâu 40cm trước chợ Phan Thiết\nNước chảy xiết',
      lat: 10.9258,
      lon: 108.1008,
      contact: '0901 234 567',
      photo_url: 'https://example.org/p/1.jpg',
      raw: body,
      source: 'citizen',
      received_at: undefined,
    });
    // no time in the report: the arrival time, which is also received_at
    expect(withoutId.time.getTime()).toBeGreaterThanOrEqual(before);
    expect(withoutId.time.getTime()).toBeLessThanOrEqual(after);
    expect(withoutId.received_at.toISOString()).toBe(withoutId.time.toISOString());
    expect(signalOf(withoutId)).toMatchObject({
      kind: 'citizen_report',
      category: 'other',
      sub_category: null,
      severity: 'Unknown',
      description: `Đèn giao thông ngã bảy bị hỏng (${run})`,
      lat: null,
      lon: null,
      contact: null,
      photo_url: null,
    });
  });

  interface EventRow {
    id: string;
    start_time: Date;
    camera: string;
    frigate_camera: string;
    phase: string;
    label: string;
    sub_label: string | null;
    score: number | null;
    top_score: number | null;
    zones: string[];
    end_time: Date | null;
    false_positive: boolean;
    has_snapshot: boolean;
    has_clip: boolean;
    snapshot_url: string | null;
    clip_url: string | null;
    box: number[] | null;
    plate: string | null;
  }
  const cameraEvents = (id: string) =>
    db<EventRow>(
      `SELECT id, start_time, camera, frigate_camera, phase, label, sub_label, score, top_score, zones, end_time,
              false_positive, has_snapshot, has_clip, snapshot_url, clip_url, box, plate
         FROM camera_events WHERE id = $1`,
      [id],
    );
  const eventOf = (r: EventRow) => ({ ...r, start_time: iso(r.start_time), end_time: iso(r.end_time) });

  it('Frigate events: the docs update (unknown camera) is dead-lettered; new → update → end on a city camera upsert one row', async () => {
    const docsId = '1607123955.475377-mxklsc';
    // front_door is not a camera of the city config: nobody may speak for it (identity_mismatch)
    await publish('frigate/events', fixture('frigate-events.json'));
    expect(await deadLettered(fixture('frigate-events.json'))).toEqual([
      'identity_mismatch: camera "front_door" is not a camera of the city configuration (cameras[].frigateName)',
    ]);
    expect(await cameraEvents(docsId)).toEqual([]);
    const expected = {
      id: docsId,
      start_time: '2020-12-04T23:19:15.475Z',
      camera: 'front_door',
      frigate_camera: 'front_door',
      phase: 'update',
      label: 'person',
      sub_label: 'John Smith',
      score: 0.87890625,
      top_score: 0.958984375,
      zones: ['yard', 'driveway'],
      end_time: null,
      false_positive: false,
      has_snapshot: false,
      has_clip: false,
      snapshot_url: null,
      clip_url: null,
      box: [432, 496, 544, 854],
      plate: 'ABC12345',
    };

    // the same object on a camera of the city config (cam_cho_phan_thiet → cam-cho-phan-thiet)
    const id = `1607123955.475377-${run}`;
    const msg = (type: string, after: Record<string, unknown> = {}) => {
      const m = fixtureJson('frigate-events.json');
      m.type = type;
      for (const s of [m.before, m.after]) Object.assign(s, { id, camera: 'cam_cho_phan_thiet' });
      Object.assign(m.after, after);
      return JSON.stringify(m);
    };
    const city = { ...expected, id, camera: 'cam-cho-phan-thiet', frigate_camera: 'cam_cho_phan_thiet' };
    const phase = (p: string) => async () => (await cameraEvents(id)).filter((r) => r.phase === p);

    await publish(
      'frigate/events',
      msg('new', {
        sub_label: null,
        score: 0.6,
        top_score: 0.6,
        current_zones: ['yard'],
        entered_zones: ['yard'],
      }),
    );
    expect((await settled(phase('new'), 1, 'new event')).map(eventOf)).toEqual([
      { ...city, phase: 'new', sub_label: null, score: 0.6, top_score: 0.6, zones: ['yard'] },
    ]);
    await publish('frigate/events', msg('update'));
    expect((await settled(phase('update'), 1, 'updated event')).map(eventOf)).toEqual([
      { ...city, phase: 'update' },
    ]);
    await publish(
      'frigate/events',
      msg('end', { end_time: 1607123970.5, has_snapshot: true, has_clip: true, active: false }),
    );
    // no FRIGATE base URL configured → flags stored, no links
    expect((await settled(phase('end'), 1, 'ended event')).map(eventOf)).toEqual([
      { ...city, phase: 'end', end_time: '2020-12-04T23:19:30.500Z', has_snapshot: true, has_clip: true },
    ]);
    expect(await cameraEvents(id)).toHaveLength(1);
    expect(await device('cam-cho-phan-thiet')).toMatchObject({
      source: 'frigate',
      status: 'online',
      lat: 10.9258,
      lon: 108.1008,
    });
    expect(await device('front_door')).toBeNull();
  });

  it('Frigate reviews → camera_reviews (the docs update, unknown camera, dead-lettered; new → end on a city camera)', async () => {
    const reviews = (id: string) =>
      db<{
        id: string;
        start_time: Date;
        camera: string;
        frigate_camera: string;
        phase: string;
        severity: string;
        end_time: Date | null;
        objects: string[];
        zones: string[];
        sub_labels: string[];
        detections: string[];
      }>(
        `SELECT id, start_time, camera, frigate_camera, phase, severity, end_time, objects, zones, sub_labels, detections
           FROM camera_reviews WHERE id = $1`,
        [id],
      ).then((rows) => rows.map((r) => ({ ...r, start_time: iso(r.start_time), end_time: iso(r.end_time) })));
    const docsId = '1718987129.308396-fqk5ka';
    await publish('frigate/reviews', fixture('frigate-reviews.json'));
    expect(await deadLettered(fixture('frigate-reviews.json'))).toEqual([
      'identity_mismatch: camera "front_cam" is not a camera of the city configuration (cameras[].frigateName)',
    ]);
    expect(await reviews(docsId)).toEqual([]);
    const expected = {
      id: docsId,
      start_time: '2024-06-21T16:25:29.308Z',
      camera: 'front_cam',
      frigate_camera: 'front_cam',
      phase: 'update',
      severity: 'alert',
      end_time: null,
      objects: ['person', 'car'],
      zones: ['front_yard'],
      sub_labels: ['Bob'],
      detections: ['1718987128.947436-g92ztx', '1718987148.879516-d7oq7r', '1718987126.934663-q5ywpt'],
    };

    const id = `1718987129.308396-${run}`;
    const msg = (type: string, after: Record<string, unknown>) => {
      const m = fixtureJson('frigate-reviews.json');
      m.type = type;
      for (const s of [m.before, m.after]) Object.assign(s, { id, camera: 'cam_quang_truong' });
      Object.assign(m.after, after);
      return JSON.stringify(m);
    };
    const city = { ...expected, id, camera: 'cam-quang-truong', frigate_camera: 'cam_quang_truong' };
    await publish('frigate/reviews', msg('new', { severity: 'detection' }));
    const opened = await settled(
      async () => (await reviews(id)).filter((r) => r.phase === 'new'),
      1,
      'new review',
    );
    expect(opened).toEqual([{ ...city, phase: 'new', severity: 'detection' }]);
    await publish('frigate/reviews', msg('end', { end_time: 1718987160.25 }));
    const closed = await settled(
      async () => (await reviews(id)).filter((r) => r.phase === 'end'),
      1,
      'ended review',
    );
    expect(closed).toEqual([{ ...city, phase: 'end', end_time: '2024-06-21T16:26:00.250Z' }]);
  });

  it('OwnTracks location → unit_positions (fixture tracker as is; a city tracker mapped to its unit id)', async () => {
    const fx = fixtureJson('owntracks-location.json') as { topic: string; payload: Record<string, unknown> };
    expect(fx.topic).toBe('owntracks/police-07/phone');
    await publish(fx.topic, JSON.stringify(fx.payload));
    await publish('owntracks/unit/police-01', JSON.stringify(fx.payload));
    const t = '2024-11-22T08:00:00.000Z';
    const positions = () =>
      db<Record<string, unknown> & { time: Date }>(
        `SELECT time, unit_id, tracker, lat, lon, accuracy, speed, heading, battery, altitude, source
           FROM unit_positions WHERE unit_id = ANY($1) AND time = $2 ORDER BY unit_id`,
        [['police-07/phone', 'police-01'], t],
      );
    const rows = await settled(positions, 2, 'two unit positions');
    const common = {
      time: t,
      lat: 10.9289,
      lon: 108.1021,
      accuracy: 8,
      speed: 32,
      heading: 135,
      battery: 76,
      altitude: 6,
      source: 'owntracks',
    };
    expect(rows.map((r) => ({ ...r, time: iso(r.time) }))).toEqual([
      { ...common, unit_id: 'police-01', tracker: 'unit/police-01' },
      { ...common, unit_id: 'police-07/phone', tracker: 'police-07/phone' },
    ]);
  });

  it('none of the fixtures above was dead-lettered but the two Frigate examples of unknown cameras', async () => {
    await server.app.get(IngestService).drain();
    const dl = await db<{ topic: string; code: string }>(
      `SELECT DISTINCT topic, split_part(reason, ':', 1) AS code FROM dead_letters
        WHERE payload_sha256 = ANY($1) ORDER BY topic`,
      [published],
    );
    expect(dl.map((d) => [d.topic, d.code])).toEqual([
      ['frigate/events', 'identity_mismatch'],
      ['frigate/reviews', 'identity_mismatch'],
    ]);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import type { ReplayState } from '@ioc/contracts/history.schema';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import type { Unit } from '@ioc/contracts/unit.schema';
import { ClockService } from '../src/incidents/clock.service';
import { IngestService } from '../src/ingest/ingest.service';
import { RulesEngineService } from '../src/rules/rules-engine.service';
import { SignalProcessorService } from '../src/rules/signal-processor.service';
import { frigateEvent, senml } from './support/feed-payloads';
import { makeRulesCity, testCamera, testSensor, type RulesCity } from './support/rules-city';
import { mqttUrl, sql, waitFor } from './support/test-db';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Acceptance 1: a simulated hour driven through the live system — SenML readings, OwnTracks fixes and
 * Frigate events published over MQTT with past timestamps in time order, incidents reported and handled
 * over REST with the incident clock on simulated time — recording the live state every simulated minute;
 * afterwards GET /api/replay/state at each recorded minute must equal the recording.
 */

jest.setTimeout(300_000);

const run = Date.now().toString(36);
const SENSOR = `hr-aq-${run}`;
const CAMERA = `hr-cam-${run}`;
const UNIT = `hr-unit-${run}`;
const MIN = 60_000;
// a whole past hour, on a minute boundary
const S = Math.floor((Date.now() - 3 * 3600_000) / MIN) * MIN;

let city: RulesCity;
let server: TestServer;
let pub: MqttClient;
let simNow = S;

interface Snapshot {
  at: string;
  sensors: SensorState[];
  incidents: { id: string; status: string; severity: string }[];
  units: {
    id: string;
    status: string;
    incidentId: string | null;
    lat: number | null;
    lon: number | null;
    positionTime: string | null;
  }[];
}
const recorded: Snapshot[] = [];

beforeAll(async () => {
  city = makeRulesCity({
    sensors: [testSensor(SENSOR, 'air_quality', ['pm25', 'temperature'], 10.93, 108.1)],
    cameras: [testCamera(CAMERA, 10.935, 108.11)],
    rules: [
      {
        id: 'citizen-report',
        type: 'citizen_report',
        severity: 'Unknown',
        urgency: 'Unknown',
        certainty: 'Possible',
        defaultCategory: 'other',
      },
    ],
  });
  // a unit of our own: other test files on the shared broker publish fixes for the demo units
  city.city.units.push({ ...city.city.units[0], id: UNIT, name: `Test ${UNIT}`, tracker: `hr/${run}` });
  writeFileSync(join(city.dir, 'city.json'), JSON.stringify(city.city, null, 2));
  server = await startTestServer({ CITY_DIR: city.dir });
  const clock = server.app.get(ClockService);
  clock.now = () => simNow;
  pub = await mqtt.connectAsync(mqttUrl(), { clientId: `hr-pub-${run}` });
});

afterAll(async () => {
  await pub?.endAsync();
  await server?.close();
  city?.cleanup();
});

async function live(at: string): Promise<Snapshot> {
  const op = await server.as('operator');
  const sensors = ((await op.get('/api/sensors/state')).body as { states: SensorState[] }).states;
  const open = (
    await op.get('/api/incidents?status=new,acknowledged,dispatched,en_route,on_scene&limit=1000')
  ).body as { items: { id: string; status: string; severity: string }[] };
  const units = (await op.get('/api/units')).body as Unit[];
  return {
    at,
    sensors: sortSensors(sensors),
    incidents: open.items.map((i) => ({ id: i.id, status: i.status, severity: i.severity })).sort(byId),
    units: units
      .map((u) => ({
        id: u.id,
        status: u.status,
        incidentId: u.incidentId,
        lat: u.id === UNIT && u.positionTime ? u.lat : null,
        lon: u.id === UNIT && u.positionTime ? u.lon : null,
        positionTime: u.id === UNIT ? u.positionTime : null,
      }))
      .sort(byId),
  };
}

function replayed(s: ReplayState): Snapshot {
  return {
    at: s.at,
    sensors: sortSensors(s.sensors),
    incidents: s.incidents.map((i) => ({ id: i.id, status: i.status, severity: i.severity })).sort(byId),
    units: s.units
      .map((u) => ({
        id: u.id,
        status: u.status,
        incidentId: u.incidentId,
        lat: u.id === UNIT ? (u.position?.lat ?? null) : null,
        lon: u.id === UNIT ? (u.position?.lon ?? null) : null,
        positionTime: u.id === UNIT ? (u.position?.time ?? null) : null,
      }))
      .sort(byId),
  };
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Only our sensor and our unit's fixes: other test files on the shared broker publish the demo devices. */
const sortSensors = (s: SensorState[]) =>
  s
    .filter((x) => x.deviceId === SENSOR)
    .sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1))
    .map((x) => ({ deviceId: x.deviceId, metrics: x.metrics }));

async function stored(table: string, where: string, params: unknown[]): Promise<void> {
  await waitFor(
    async () => (await sql(server.databaseUrl, `SELECT 1 FROM ${table} WHERE ${where}`, params)).length > 0,
    15_000,
    `${table} row`,
  );
}

describe('replay equals the live state recorded every simulated minute', () => {
  it('drives an hour, then replays each recorded minute', async () => {
    const op = await server.as('operator');
    const sup = await server.as('supervisor');
    let a = '';
    let b = '';
    const ok = (r: { status: number; body: unknown }) => {
      expect({ status: r.status < 300 ? 'ok' : r.status, body: r.status < 300 ? null : r.body }).toEqual({
        status: 'ok',
        body: null,
      });
      return r.body as { incidentId: string };
    };
    for (let m = 0; m < 60; m++) {
      const t = S + m * MIN;
      // readings every minute (pm25 rising, temperature every other minute)
      const records: [string, string, number, number][] = [['pm25', 'ug/m3', 20 + m, t + 10_000]];
      if (m % 2 === 0) records.push(['temperature', 'Cel', 28 + m / 10, t + 10_000]);
      await pub.publishAsync(`ioc/senml/${SENSOR}`, senml(SENSOR, records), { qos: 1 });
      // a patrol fix every 3 minutes
      if (m % 3 === 0) {
        await pub.publishAsync(
          `owntracks/hr/${run}`,
          JSON.stringify({
            _type: 'location',
            lat: 10.92 + m / 1000,
            lon: 108.1,
            tst: (t + 20_000) / 1000,
            acc: 5,
          }),
          { qos: 1 },
        );
        await stored('unit_positions', 'unit_id = $1 AND time = $2', [UNIT, new Date(t + 20_000)]);
      }
      // a camera event from minute 5 to 12
      if (m === 5 || m === 12) {
        const msg = JSON.parse(
          frigateEvent({
            id: `hr-${run}`,
            camera: CAMERA.replace(/-/g, '_'),
            label: 'person',
            type: m === 5 ? 'new' : 'end',
            startMs: S + 5 * MIN + 5_000,
          }),
        );
        for (const s of [msg.before, msg.after]) s.end_time = m === 12 ? (t + 5_000) / 1000 : null;
        await pub.publishAsync('frigate/events', JSON.stringify(msg), { qos: 1 });
      }
      if (m === 5 || m === 12)
        await stored('camera_events', 'id = $1 AND phase = $2', [`hr-${run}`, m === 5 ? 'new' : 'end']);
      await stored('readings', 'device_id = $1 AND metric = $2 AND time = $3', [
        SENSOR,
        'pm25',
        new Date(t + 10_000),
      ]);
      // operators act half-way through the minute, on the simulated clock
      simNow = t + 30_000;
      if (m === 3)
        a = ok(
          await op.post('/api/reports', {
            text: `Khói tại chợ ${run}`,
            category: 'fire',
            lat: 10.9284,
            lon: 108.0986,
          }),
        ).incidentId;
      if (m === 6) ok(await op.post(`/api/incidents/${a}/ack`, {}));
      if (m === 10) ok(await op.post(`/api/incidents/${a}/dispatch`, { unitIds: [UNIT] }));
      if (m === 14)
        ok(await op.post(`/api/incidents/${a}/unit-status`, { unitId: UNIT, status: 'en_route' }));
      if (m === 20)
        ok(await op.post(`/api/incidents/${a}/unit-status`, { unitId: UNIT, status: 'on_scene' }));
      if (m === 25)
        b = ok(
          await op.post('/api/reports', {
            text: `Ngập đường ${run}`,
            category: 'flood',
            lat: 10.9585,
            lon: 108.22,
          }),
        ).incidentId;
      if (m === 28) ok(await op.post(`/api/incidents/${b}/ack`, {}));
      if (m === 35) ok(await op.post(`/api/incidents/${a}/resolve`, { note: 'đã dập' }));
      if (m === 40) ok(await sup.post(`/api/incidents/${a}/close`, { note: 'xong' }));
      if (m === 45) ok(await op.post('/api/units/traffic-02/status', { status: 'off_duty' }));
      if (m === 50) ok(await sup.post(`/api/incidents/${b}/cancel`, { reason: 'báo nhầm' }));
      if (m === 55) ok(await op.post('/api/units/traffic-02/status', { status: 'available' }));
      await waitFor(
        async () =>
          (((await op.get('/api/sensors/state')).body as { states: SensorState[] }).states.find(
            (s) => s.deviceId === SENSOR,
          )?.metrics.pm25?.time ?? '') === new Date(t + 10_000).toISOString(),
        15_000,
        'live sensor state',
      );
      // what the rules engine raises from this minute's readings belongs to this minute (its clock is
      // still on it): let it finish before recording, as an operator's screen would show it
      await server.app.get(IngestService).drain();
      await server.app.get(RulesEngineService).idle();
      await server.app.get(SignalProcessorService).settle();
      recorded.push(await live(new Date(t + 59_000).toISOString()));
    }

    // the hour was not empty: incidents came and went, the unit moved and changed status
    // (only ours: reports other test files publish on the shared broker may open incidents here too)
    const ours = (n: number) => recorded[n].incidents.filter((i) => i.id === a || i.id === b);
    expect(ours(4).map((i) => i.id)).toEqual([a]);
    expect(
      ours(30)
        .map((i) => i.status)
        .sort(),
    ).toEqual(['acknowledged', 'on_scene']);
    expect(ours(59)).toHaveLength(0);
    expect(recorded[12].units.find((u) => u.id === UNIT)?.status).toBe('dispatched');

    const mismatches: string[] = [];
    for (const snap of recorded) {
      const r = await op.get(`/api/replay/state?at=${encodeURIComponent(snap.at)}`);
      expect(r.status).toBe(200);
      const got = replayed(r.body as ReplayState);
      if (JSON.stringify(got) !== JSON.stringify(snap)) mismatches.push(snap.at);
      expect(got).toEqual(snap);
    }
    expect(mismatches).toEqual([]);

    // camera event active from minute 5 to 12 only
    const cams = async (min: number) =>
      (
        (await op.get(`/api/replay/state?at=${new Date(S + min * MIN + 30_000).toISOString()}`))
          .body as ReplayState
      ).cameraEvents.length;
    expect([await cams(4), await cams(8), await cams(13)]).toEqual([0, 1, 0]);

    // stepping forward: the changes between two recorded minutes turn one state into the next
    const ev = await op.get(
      `/api/replay/events?from=${encodeURIComponent(recorded[9].at)}&to=${encodeURIComponent(recorded[10].at)}`,
    );
    expect(ev.status).toBe(200);
    const kinds = (ev.body.changes as { kind: string }[]).map((c) => c.kind);
    expect(kinds).toEqual(expect.arrayContaining(['reading', 'incident', 'unit']));
  });
});

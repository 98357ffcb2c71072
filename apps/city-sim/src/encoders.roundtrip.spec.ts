import { createAdapterContext } from '@ioc/feeds/adapter.context';
import { adaptMessage } from '@ioc/feeds/adapter.registry';
import { DEFAULT_ROUTES } from '@ioc/feeds/topic.router';
import type { AdapterResult } from '@ioc/contracts/feed-result.schema';
import { loadCity } from './city.loader';
import { citizenReportMessage } from './citizen-report.encoder';
import { fiwareEncoder } from './fiware.encoder';
import { frigateEventId, frigateEventMessages, frigateReviewMessages } from './frigate.encoder';
import { buildPlan, generateWindow } from './message.generator';
import { sampleSensor } from './sensor.model';
import { devEuiOf, ttnEncoder } from './ttn.encoder';
import { zigbee2mqttEncoder } from './zigbee2mqtt.encoder';
import { owntracksMessage } from './owntracks.encoder';
import { unitFix } from './unit.model';

/**
 * Each encoder's output goes through the server's own adapter (libs/feeds, the same routes) and must come
 * out as the readings/events it encodes: what the simulator sends is what real devices send.
 */

const city = loadCity();
const ctx = createAdapterContext({
  frigateCameras: Object.fromEntries(city.cameras.map((c) => [c.frigateName, c.id])),
});
const T = Date.UTC(2026, 10, 22, 1, 0, 0, 250);
const iso = new Date(T).toISOString();
const adapt = (m: { topic: string; payload: Buffer }) =>
  adaptMessage(m.topic, m.payload, new Date(T + 1000), ctx, DEFAULT_ROUTES);
function ok(r: AdapterResult) {
  if (!r.ok) throw new Error(`rejected: ${r.reason}`);
  return r.records;
}
const sensor = (id: string) => city.sensors.find((s) => s.id === id)!;
const readings = (r: AdapterResult) =>
  ok(r).flatMap((x) =>
    x.type === 'reading' ? [[x.reading.deviceId, x.reading.metric, x.reading.value, x.reading.time]] : [],
  );

describe('encoders (round trip through the ingest adapters)', () => {
  it('FIWARE AirQualityObserved (keyValues) → readings of the station, humidity as a fraction', () => {
    const s = sensor('pt-aq-16');
    const sample = sampleSensor(s, 1, T, 0);
    const m = fiwareEncoder(s, sample);
    expect(m.topic).toBe('ngsi-ld/AirQualityObserved/urn:ngsi-ld:AirQualityObserved:pt-aq-16');
    const { adapter, result } = adapt(m);
    expect(adapter).toBe('fiware');
    const got = readings(result);
    const pm25 = sample.values.find((v) => v.metric === 'pm25')!.value;
    expect(got).toContainEqual(['pt-aq-16', 'pm25', pm25, iso]);
    const rh = got.find((g) => g[1] === 'relativeHumidity')!;
    expect(rh[2]).toBeGreaterThan(0.3);
    expect(rh[2]).toBeLessThanOrEqual(1);
  });

  it('TTS v3 uplink → decoded readings at received_at, unique dedupe key per frame', () => {
    const s = sensor('pt-wl-09');
    const sample = sampleSensor(s, 1, T, 41);
    const m = ttnEncoder(s, sample, 41);
    expect(m.topic).toBe('v3/phan-thiet-iot/devices/pt-wl-09/up');
    const body = JSON.parse(m.payload.toString());
    expect(body.end_device_ids.dev_eui).toBe(devEuiOf('pt-wl-09'));
    expect(body.uplink_message.f_cnt).toBe(42);
    const { adapter, result } = adapt(m);
    expect(adapter).toBe('ttn');
    expect(readings(result)).toEqual([['pt-wl-09', 'water_level', sample.values[0].value, iso]]);
  });

  it('Zigbee2MQTT leak sensor → water_leak 1/0 and battery at last_seen (+07:00)', () => {
    const s = sensor('pt-fl-01');
    const wet = {
      timeMs: T,
      values: [
        { metric: 'water_leak', value: 1 },
        { metric: 'battery', value: 87 },
      ],
    };
    const m = zigbee2mqttEncoder(s, wet);
    expect(m.topic).toBe('zigbee2mqtt/pt-fl-01');
    expect(JSON.parse(m.payload.toString())).toMatchObject({
      water_leak: true,
      battery: 87,
      battery_low: false,
    });
    const got = readings(adapt(m).result);
    const at = new Date(Math.floor(T / 1000) * 1000).toISOString();
    expect(got).toContainEqual(['pt-fl-01', 'water_leak', 1, at]);
    expect(got).toContainEqual(['pt-fl-01', 'battery', 87, at]);
  });

  it('Frigate events: new → update (zones, plate) → end of one tracked object on our camera', () => {
    const camera = city.cameras.find((c) => c.id === 'cam-tran-hung-dao')!;
    const o = {
      camera,
      label: 'car',
      startMs: T,
      durationMs: 40_000,
      topScore: 0.88,
      zones: ['cau'],
      plate: '86A12345',
      seed: 3,
    };
    const msgs = frigateEventMessages(o);
    expect(msgs.map((m) => JSON.parse(m.payload.toString()).type)).toEqual(['new', 'update', 'end']);
    const events = msgs.map((m) => ok(adapt(m).result)[0]);
    for (const e of events) {
      expect(e.type).toBe('camera_event');
      if (e.type !== 'camera_event') continue;
      expect(e.event).toMatchObject({ id: frigateEventId(o), camera: 'cam-tran-hung-dao', label: 'car' });
    }
    const update = events[1];
    if (update.type === 'camera_event')
      expect(update.event).toMatchObject({ zones: ['cau'], plate: '86A12345', topScore: 0.88 });
    const reviews = frigateReviewMessages([o]).map((m) => ok(adapt(m).result)[0]);
    expect(reviews.map((r) => r.type)).toEqual(['camera_review', 'camera_review', 'camera_review']);
  });

  it('citizen report on ioc/reports → a citizen_report signal with our id, time and place', () => {
    const m = citizenReportMessage({
      id: 'sim-1',
      timeMs: T,
      text: 'Cháy chợ',
      category: 'fire',
      lat: 10.93,
      lon: 108.1,
    });
    const [rec] = ok(adapt(m).result);
    expect(rec.type).toBe('signal');
    if (rec.type === 'signal')
      expect(rec.signal).toMatchObject({
        kind: 'citizen_report',
        sourceId: 'report:sim-1',
        time: iso,
        category: 'fire',
        lat: 10.93,
      });
  });

  it('the whole city for an hour: every message is accepted except those flagged malformed', () => {
    const plan = buildPlan(city, 5, { faults: { offlineShare: 0.2, malformedRate: 0.05 } });
    const msgs = generateWindow(plan, T, T + 3_600_000);
    const verdicts = msgs.map((m) => adapt(m).result.ok);
    expect(msgs.some((m) => m.malformed)).toBe(true);
    msgs.forEach((m, i) => expect([m.topic, verdicts[i]]).toEqual([m.topic, !m.malformed]));
  });
});

describe('units (OwnTracks)', () => {
  it('patrol units move along their loop at a plausible speed; others wait at base; the adapter accepts them', () => {
    const police = city.units.find((u) => u.type === 'police')!;
    const fire = city.units.find((u) => u.type === 'fire')!;
    const a = unitFix(police, 1, T);
    const b = unitFix(police, 1, T + 30_000);
    const metres = Math.hypot((a.lat - b.lat) * 111_320, (a.lon - b.lon) * 111_320 * Math.cos(0.19));
    expect(metres / 30).toBeGreaterThan(3); // > 10 km/h
    expect(metres / 30).toBeLessThan(10); // < 36 km/h
    expect(Math.hypot(a.lat - police.lat, a.lon - police.lon)).toBeLessThan(0.02);
    const f = unitFix(fire, 1, T);
    expect(Math.abs(f.lat - fire.lat)).toBeLessThan(0.0001);
    const m = owntracksMessage(police, a);
    expect(m.topic).toBe(`owntracks/${police.tracker}`);
    const [rec] = ok(adapt(m).result);
    expect(rec.type).toBe('unit_position');
    if (rec.type === 'unit_position') expect(rec.position).toMatchObject({ tracker: police.tracker });
  });
});

import { loadCity } from './city.loader';
import { DEFAULT_ENCODERS } from './encoder.registry';
import { buildPlan, generateMessages, generateRated, generateWindow } from './message.generator';

const city = loadCity();
const START = Date.UTC(2024, 10, 22, 0, 0, 0); // 07:00 in Phan Thiết
const HOUR = 3_600_000;

const bytes = (msgs: { topic: string; payload: Buffer }[]) =>
  msgs.map((m) => `${m.topic}\n${m.payload.toString('hex')}`);

describe('message generator', () => {
  it('is deterministic: same seed and start give a byte-identical sequence', () => {
    const a = generateMessages(city, 1, START, START + HOUR);
    const b = generateMessages(city, 1, START, START + HOUR);
    expect(a.length).toBeGreaterThan(1000);
    expect(bytes(a)).toEqual(bytes(b));
  });

  it('does not depend on how the time range is split into windows', () => {
    const plan = buildPlan(city, 7);
    const whole = generateWindow(plan, START, START + HOUR);
    const parts = [];
    for (let t = START; t < START + HOUR; t += 1234.5)
      parts.push(...generateWindow(plan, t, Math.min(t + 1234.5, START + HOUR)));
    expect(bytes(parts)).toEqual(bytes(whole));
  });

  it('gives different values for a different seed', () => {
    const a = generateMessages(city, 1, START, START + HOUR);
    const b = generateMessages(city, 2, START, START + HOUR);
    expect(bytes(a)).not.toEqual(bytes(b));
    const pm = (ms: typeof a) =>
      ms.filter((m) => m.deviceId === 'pt-aq-01').map((m) => m.sample.values[0].value);
    expect(pm(a)).not.toEqual(pm(b));
  });

  it("publishes every device of the city, each on its format's topic", () => {
    const plan = buildPlan(city, 1);
    expect(plan.sensors.map((s) => s.sensor.id).sort()).toEqual(city.sensors.map((s) => s.id).sort());
    expect(plan.skipped).toEqual({});
    expect(plan.units.map((u) => u.unit.id)).toEqual(city.units.map((u) => u.id));
    const prefix = {
      senml: 'ioc/senml/',
      fiware: 'ngsi-ld/AirQualityObserved/',
      ttn: 'v3/',
      zigbee2mqtt: 'zigbee2mqtt/',
      owntracks: 'owntracks/unit/',
      frigate: 'frigate/',
      report: 'ioc/reports',
    };
    const msgs = generateMessages(city, 1, START, START + HOUR);
    for (const m of msgs) expect(m.topic.startsWith(prefix[m.format])).toBe(true);
  });

  it('a skipped format is counted, not published', () => {
    const plan = buildPlan(city, 1, { encoders: { senml: DEFAULT_ENCODERS.senml } });
    const senml = city.sensors.filter((s) => s.format === 'senml');
    expect(plan.sensors.length).toBe(senml.length);
    const skipped = Object.values(plan.skipped).reduce((a, b) => a + (b ?? 0), 0);
    expect(skipped).toBe(city.sensors.length - senml.length);
  });

  it('sends every device once per expectedIntervalS, in time order', () => {
    const msgs = generateMessages(city, 1, START, START + HOUR);
    for (const s of city.sensors) {
      const times = msgs.filter((m) => m.deviceId === s.id).map((m) => m.timeMs);
      expect(times.length).toBe(3600 / s.expectedIntervalS);
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(s.expectedIntervalS * 1000);
    }
    for (let i = 1; i < msgs.length; i++) expect(msgs[i].timeMs).toBeGreaterThanOrEqual(msgs[i - 1].timeMs);
  });

  it('replicas clone devices under new ids', () => {
    const plan = buildPlan(city, 1, { replicas: 3 });
    const ids = plan.sensors.map((s) => s.sensor.id);
    expect(ids.length).toBe(3 * buildPlan(city, 1).sensors.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('pt-aq-01-r2');
  });

  it('rated mode: round robin at the requested rate, deterministic and with distinct per-device times', () => {
    const plan = buildPlan(city, 1);
    const clock = { startMs: START, rate: 1000, speed: 1 };
    const a = generateRated(plan, clock, 0, 5000);
    expect(bytes(a)).toEqual(
      bytes([...generateRated(plan, clock, 0, 2500), ...generateRated(plan, clock, 2500, 5000)]),
    );
    expect(a[4999].timeMs - START).toBe(4999);
    const n = plan.sensors.length;
    expect(a[n].deviceId).toBe(a[0].deviceId);
    const perDevice = new Map<string, Set<number>>();
    for (const m of a) perDevice.set(m.deviceId, (perDevice.get(m.deviceId) ?? new Set()).add(m.timeMs));
    const total = [...perDevice.values()].reduce((s, v) => s + v.size, 0);
    expect(total).toBe(a.length);
  });
});

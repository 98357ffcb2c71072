import { loadCity } from './city.loader';
import { generateMessages } from './message.generator';
import { isRiverGauge, localHour, sampleSensor } from './sensor.model';

const city = loadCity();
const sensorById = (id: string) => {
  const s = city.sensors.find((x) => x.id === id);
  if (!s) throw new Error(`no sensor ${id} in the demo city`);
  return s;
};
const valueOf = (values: { metric: string; value: number }[], metric: string) => {
  const v = values.find((x) => x.metric === metric);
  if (!v) throw new Error(`no ${metric}`);
  return v.value;
};
const DAY = 86_400_000;
const START = Date.UTC(2024, 10, 18, 17, 0, 0); // 00:00 local on 19 Nov 2024

const RANGES: Record<string, [number, number]> = {
  pm25: [1, 150],
  pm10: [1, 300],
  no2: [1, 150],
  o3: [1, 200],
  co: [100, 5000],
  so2: [0.5, 60],
  temperature: [18, 38],
  humidity: [35, 100],
  water_level: [-0.5, 3.5],
  pressure: [99_000, 102_500],
  wind_speed: [0, 15],
  rainfall: [0, 40],
  water_leak: [0, 1],
  battery: [5, 100],
};

describe('sensor model', () => {
  it('computes Vietnam local time (UTC+7)', () => {
    expect(localHour(Date.UTC(2024, 0, 1, 1, 0, 0))).toBe(8);
    expect(localHour(Date.UTC(2024, 0, 1, 20, 30, 0))).toBe(3.5);
  });

  it('keeps every metric of every sensor within a plausible range over a week', () => {
    for (const sensor of city.sensors) {
      for (let i = 0; i < 7 * 96; i++) {
        const t = START + i * 15 * 60_000;
        for (const { metric, value } of sampleSensor(sensor, 1, t, i).values) {
          const [lo, hi] = RANGES[metric];
          if (!(value >= lo && value <= hi))
            throw new Error(`${sensor.id} ${metric}=${value} at ${new Date(t).toISOString()}`);
        }
      }
    }
  });

  it('has higher PM2.5 at 08:00 than at 03:00 local, on average over days and stations', () => {
    const aq = city.sensors.filter((s) => s.metrics.includes('pm25'));
    const mean = (hourLocal: number) => {
      let sum = 0;
      let n = 0;
      for (let d = 0; d < 14; d++) {
        for (const s of aq) {
          const t = START + d * DAY + hourLocal * 3_600_000;
          sum += valueOf(sampleSensor(s, 3, t, d).values, 'pm25');
          n++;
        }
      }
      return sum / n;
    };
    const rush = mean(8);
    const night = mean(3);
    expect(rush).toBeGreaterThan(night * 1.4);
  });

  it('is warmer and drier at 14:00 than at 04:00 local', () => {
    const wx = sensorById('pt-wx-01');
    const at = (h: number, metric: string) =>
      valueOf(sampleSensor(wx, 1, START + h * 3_600_000, h).values, metric);
    expect(at(14, 'temperature')).toBeGreaterThan(at(4, 'temperature') + 3);
    expect(at(14, 'humidity')).toBeLessThan(at(4, 'humidity') - 10);
  });

  it('changes values visibly between consecutive messages', () => {
    const msgs = generateMessages(city, 1, START, START + 3_600_000);
    const last = new Map<string, number[]>();
    let compared = 0;
    let changed = 0;
    // Continuous values only: leak sensors are booleans (dry most of the time), units carry no sample.
    for (const m of msgs.filter((x) => x.sample.values[0] && x.sample.values[0].metric !== 'water_leak')) {
      const v = m.sample.values.map((x) => x.value);
      const prev = last.get(m.deviceId);
      if (prev) {
        compared++;
        if (v[0] !== prev[0]) changed++;
      }
      last.set(m.deviceId, v);
    }
    expect(compared).toBeGreaterThan(500);
    expect(changed / compared).toBeGreaterThan(0.9);
  });

  it('gives coastal gauges a tide (about 1–2 m range per day) and damps it upstream on the Cà Ty', () => {
    const range = (id: string) => {
      const s = sensorById(id);
      const v = Array.from(
        { length: 288 },
        (_, i) => sampleSensor(s, 1, START + i * 300_000, i).values[0].value,
      );
      return Math.max(...v) - Math.min(...v);
    };
    const coast = sensorById('pt-wl-08');
    expect(isRiverGauge(coast)).toBe(false);
    expect(isRiverGauge(sensorById('pt-wl-01'))).toBe(true);
    expect(range('pt-wl-08')).toBeGreaterThan(0.8);
    expect(range('pt-wl-08')).toBeLessThan(2.6);
    expect(range('pt-wl-01')).toBeLessThan(range('pt-wl-06'));
  });
});

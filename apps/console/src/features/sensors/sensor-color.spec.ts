import { NO_DATA_COLOR, sensorColor, sensorLevel } from './sensor-color';

const state = (metrics: Record<string, number | null>) => ({
  deviceId: 'x',
  metrics: Object.fromEntries(
    Object.entries(metrics).map(([k, value]) => [k, { value, unit: null, time: '2025-01-01T00:00:00Z' }]),
  ),
});

describe('sensorColor', () => {
  it('colours air quality by PM2.5 band', () => {
    expect(sensorColor('air_quality', state({ pm25: 12 }))).toBe('#00e400');
    expect(sensorColor('air_quality', state({ pm25: 60 }))).toBe('#ff7e00');
    expect(sensorColor('air_quality', state({ pm10: 60 }))).toBe(NO_DATA_COLOR);
  });

  it('colours water level by alarm level, with configurable levels', () => {
    const alarms = { level1: 1, level2: 2, level3: 3 };
    expect(sensorColor('water_level', state({ water_level: 0.5 }), alarms)).toBe('#38bdf8');
    expect(sensorColor('water_level', state({ water_level: 2.1 }), alarms)).toBe('#f97316');
    expect(sensorColor('water_level', state({ water_level: 3.5 }), alarms)).toBe('#dc2626');
  });

  it('colours flood sensors by leak and others neutrally; grey without data', () => {
    expect(sensorColor('flood_sensor', state({ water_leak: 1 }))).toBe('#dc2626');
    expect(sensorColor('flood_sensor', state({ water_leak: 0 }))).toBe('#14b8a6');
    expect(sensorColor('weather', state({ temperature: 30 }))).toBe('#60a5fa');
    for (const kind of ['air_quality', 'water_level', 'flood_sensor', 'weather'] as const) {
      expect(sensorColor(kind, undefined)).toBe(NO_DATA_COLOR);
    }
  });
});

describe('sensorLevel (cluster worst state)', () => {
  it('ranks air, water and leaks 0–3, and no data as 0', () => {
    expect(sensorLevel('air_quality', state({ pm25: 12 }))).toBe(0);
    expect(sensorLevel('air_quality', state({ pm25: 60 }))).toBe(2);
    expect(sensorLevel('air_quality', state({ pm25: 400 }))).toBe(3);
    const alarms = { level1: 1, level2: 2, level3: 3 };
    expect(sensorLevel('water_level', state({ water_level: 2.1 }), alarms)).toBe(2);
    expect(sensorLevel('water_level', state({ water_level: 3.5 }), alarms)).toBe(3);
    expect(sensorLevel('flood_sensor', state({ water_leak: 1 }))).toBe(3);
    expect(sensorLevel('air_quality', undefined)).toBe(0);
  });
});

import type { City } from '@ioc/contracts/city.schema';
import { SensorFeatureCache, sensorFeature } from './sensor.features';

const aq = {
  id: 'aq',
  name: 'AQ',
  kind: 'air_quality' as const,
  ward: 'w',
  lat: 10.9,
  lon: 108.1,
  metrics: ['pm25'],
  expectedIntervalS: 60,
  format: 'senml' as const,
};
const fl = { ...aq, id: 'fl', kind: 'flood_sensor' as const, metrics: ['water_leak'] };
const city = { sensors: [aq, fl] } as unknown as City;
const st = (id: string, metric: string, value: number) => ({
  deviceId: id,
  metrics: { [metric]: { value, unit: null, time: '2025-01-01T00:00:00Z' } },
});

describe('sensorFeature', () => {
  it('places the sensor at [lon, lat] with colour and value label', () => {
    const f = sensorFeature(aq, st('aq', 'pm25', 55.55), 'vi');
    expect(f.geometry.coordinates).toEqual([108.1, 10.9]);
    expect(f.id).toBe('aq');
    expect(f.properties).toEqual({
      id: 'aq',
      kind: 'air_quality',
      color: '#ff7e00',
      label: '55,6',
      level: 2,
    });
  });

  it('labels only wet flood sensors, and nothing without data', () => {
    expect(sensorFeature(fl, st('fl', 'water_leak', 1), 'en').properties.label).toBe('!');
    expect(sensorFeature(fl, st('fl', 'water_leak', 0), 'en').properties.label).toBe('');
    expect(sensorFeature(aq, undefined, 'en').properties).toMatchObject({ label: '', color: '#6b7280' });
  });
});

describe('SensorFeatureCache', () => {
  it('builds every sensor first, then only the changed ones', () => {
    const cache = new SensorFeatureCache(city);
    const all = cache.update(new Map(), 'en');
    expect(all.features.map((f) => f.properties.id)).toEqual(['aq', 'fl']);
    const states = new Map([
      ['aq', st('aq', 'pm25', 10)],
      ['fl', st('fl', 'water_leak', 1)],
    ]);
    const next = cache.update(states, 'en', ['aq', 'unknown']);
    expect(next.features.map((f) => f.properties.label)).toEqual(['10.0', '']);
  });
});

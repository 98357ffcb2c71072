import { mainMetricOf } from './main-metric';

describe('mainMetricOf', () => {
  it('picks the metric operators act on per kind', () => {
    expect(mainMetricOf({ kind: 'air_quality', metrics: ['temperature', 'pm10', 'pm25'] })).toBe('pm25');
    expect(mainMetricOf({ kind: 'air_quality', metrics: ['temperature', 'pm10'] })).toBe('pm10');
    expect(mainMetricOf({ kind: 'water_level', metrics: ['water_level'] })).toBe('water_level');
    expect(mainMetricOf({ kind: 'flood_sensor', metrics: ['battery', 'water_leak'] })).toBe('water_leak');
    expect(mainMetricOf({ kind: 'weather', metrics: ['temperature', 'humidity', 'rainfall'] })).toBe(
      'rainfall',
    );
  });

  it('falls back to the first metric, or none', () => {
    expect(mainMetricOf({ kind: 'generic', metrics: ['noise', 'x'] })).toBe('noise');
    expect(mainMetricOf({ kind: 'traffic', metrics: [] })).toBeNull();
  });
});

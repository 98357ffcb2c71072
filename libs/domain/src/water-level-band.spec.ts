import {
  DEMO_WATER_LEVEL_ALARMS,
  WATER_LEVEL_BAND_COLORS,
  areValidWaterLevelAlarms,
  waterLevelBandOf,
} from './water-level-band';

describe('waterLevelBandOf', () => {
  const alarms = { level1: 1, level2: 2, level3: 3 };

  it.each([
    [-0.5, 'normal'],
    [0.99, 'normal'],
    [1, 'alarm_1'],
    [1.99, 'alarm_1'],
    [2, 'alarm_2'],
    [3, 'alarm_3'],
    [7.5, 'alarm_3'],
  ])('puts %p m in %s', (m, band) => {
    expect(waterLevelBandOf(m, alarms)).toBe(band);
  });

  it('gives no band without a value', () => {
    expect(waterLevelBandOf(null, alarms)).toBeNull();
    expect(waterLevelBandOf(undefined, alarms)).toBeNull();
    expect(waterLevelBandOf(NaN, alarms)).toBeNull();
  });

  it('uses the demo levels by default', () => {
    expect(waterLevelBandOf(DEMO_WATER_LEVEL_ALARMS.level1 - 0.01)).toBe('normal');
    expect(waterLevelBandOf(DEMO_WATER_LEVEL_ALARMS.level2)).toBe('alarm_2');
  });

  it('rejects levels that do not increase', () => {
    expect(areValidWaterLevelAlarms({ level1: 2, level2: 2, level3: 3 })).toBe(false);
    expect(() => waterLevelBandOf(1, { level1: 3, level2: 2, level3: 1 })).toThrow(RangeError);
  });

  it('has a distinct colour per band', () => {
    expect(new Set(Object.values(WATER_LEVEL_BAND_COLORS)).size).toBe(4);
  });
});

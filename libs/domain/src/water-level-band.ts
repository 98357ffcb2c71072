/**
 * Water level against flood alarm levels I/II/III (báo động I/II/III). Each gauge has its own levels
 * in reality (set by the provincial hydro-meteorological station); callers pass them in.
 */
export type WaterLevelBand = 'normal' | 'alarm_1' | 'alarm_2' | 'alarm_3';

export interface WaterLevelAlarms {
  /** Metres, same datum as the gauge; level1 < level2 < level3. */
  level1: number;
  level2: number;
  level3: number;
}

/** Placeholder levels for the demo city's gauges; not official values for any real station. */
export const DEMO_WATER_LEVEL_ALARMS: Readonly<WaterLevelAlarms> = Object.freeze({
  level1: 2.2,
  level2: 2.6,
  level3: 3.0,
});

export const WATER_LEVEL_BAND_COLORS: Readonly<Record<WaterLevelBand, string>> = Object.freeze({
  normal: '#38bdf8',
  alarm_1: '#facc15',
  alarm_2: '#f97316',
  alarm_3: '#dc2626',
});

/** True when the three levels are finite and strictly increasing. */
export function areValidWaterLevelAlarms(a: WaterLevelAlarms): boolean {
  return [a.level1, a.level2, a.level3].every(Number.isFinite) && a.level1 < a.level2 && a.level2 < a.level3;
}

/** The alarm band a level (m) reaches: at or above a level counts as that level. Null without a value. */
export function waterLevelBandOf(
  metres: number | null | undefined,
  alarms: WaterLevelAlarms = DEMO_WATER_LEVEL_ALARMS,
): WaterLevelBand | null {
  if (metres === null || metres === undefined || !Number.isFinite(metres)) return null;
  if (!areValidWaterLevelAlarms(alarms))
    throw new RangeError('water level alarms must increase: level1 < level2 < level3');
  if (metres >= alarms.level3) return 'alarm_3';
  if (metres >= alarms.level2) return 'alarm_2';
  if (metres >= alarms.level1) return 'alarm_1';
  return 'normal';
}

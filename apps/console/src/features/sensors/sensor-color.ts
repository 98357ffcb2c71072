import type { DeviceKind } from '@ioc/contracts/device.schema';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import { pm25BandOfConcentration } from '@ioc/domain/pm25-band';
import {
  DEMO_WATER_LEVEL_ALARMS,
  WATER_LEVEL_BAND_COLORS,
  waterLevelBandOf,
  type WaterLevelAlarms,
} from '@ioc/domain/water-level-band';

export const NO_DATA_COLOR = '#6b7280';
export const NEUTRAL_COLOR = '#60a5fa';
export const LEAK_COLOR = '#dc2626';
export const DRY_COLOR = '#14b8a6';

/** Colour of a sensor on the map and in the list: by PM2.5 band, flood alarm level, or neutral. */
export function sensorColor(
  kind: DeviceKind,
  state: SensorState | undefined,
  alarms: WaterLevelAlarms = DEMO_WATER_LEVEL_ALARMS,
): string {
  const metrics = state?.metrics ?? {};
  switch (kind) {
    case 'air_quality':
      return pm25BandOfConcentration(metrics['pm25']?.value)?.color ?? NO_DATA_COLOR;
    case 'water_level': {
      const band = waterLevelBandOf(metrics['water_level']?.value, alarms);
      return band ? WATER_LEVEL_BAND_COLORS[band] : NO_DATA_COLOR;
    }
    case 'flood_sensor': {
      const leak = metrics['water_leak']?.value;
      if (leak === null || leak === undefined) return NO_DATA_COLOR;
      return leak !== 0 ? LEAK_COLOR : DRY_COLOR;
    }
    default:
      return Object.values(metrics).some((m) => m.value !== null) ? NEUTRAL_COLOR : NO_DATA_COLOR;
  }
}

const PM25_LEVEL: Record<string, number> = {
  good: 0,
  moderate: 1,
  poor: 2,
  bad: 2,
  very_bad: 3,
  hazardous: 3,
};
const WATER_LEVEL: Record<string, number> = { normal: 0, alarm_1: 1, alarm_2: 2, alarm_3: 3 };

/** How alarming a sensor's state is, 0 (fine or no data) … 3 (act now): map clusters show their worst. */
export function sensorLevel(
  kind: DeviceKind,
  state: SensorState | undefined,
  alarms: WaterLevelAlarms = DEMO_WATER_LEVEL_ALARMS,
): number {
  const metrics = state?.metrics ?? {};
  switch (kind) {
    case 'air_quality':
      return PM25_LEVEL[pm25BandOfConcentration(metrics['pm25']?.value)?.band ?? ''] ?? 0;
    case 'water_level':
      return WATER_LEVEL[waterLevelBandOf(metrics['water_level']?.value, alarms) ?? ''] ?? 0;
    case 'flood_sensor':
      return metrics['water_leak']?.value ? 3 : 0;
    default:
      return 0;
  }
}

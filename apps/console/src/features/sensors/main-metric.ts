import type { CitySensor } from '@ioc/contracts/city.schema';
import type { DeviceKind } from '@ioc/contracts/device.schema';

/** The one metric the map and list show for each kind of device (the one operators act on). */
const MAIN_METRIC: Partial<Record<DeviceKind, readonly string[]>> = {
  air_quality: ['pm25', 'pm10', 'no2'],
  water_level: ['water_level'],
  flood_sensor: ['water_leak', 'water_level'],
  weather: ['rainfall', 'temperature'],
};

export function mainMetricOf(sensor: Pick<CitySensor, 'kind' | 'metrics'>): string | null {
  const preferred = MAIN_METRIC[sensor.kind] ?? [];
  return preferred.find((m) => sensor.metrics.includes(m)) ?? sensor.metrics[0] ?? null;
}

import type { MetricState } from '@ioc/contracts/sensor-state.schema';
import { formatNumber, type Language } from '../../i18n/locale.format';

/** Feed unit codes (SenML, UN/CEFACT, Zigbee2MQTT) → what an operator reads. */
const DISPLAY_UNITS: Record<string, string> = {
  'ug/m3': 'µg/m³',
  'µg/m3': 'µg/m³',
  Cel: '°C',
  '%RH': '%',
  '%EL': '%',
  Pa: 'Pa',
};

/** Decimals worth showing per metric; sensor noise below these is not information. */
const DIGITS: Record<string, number> = {
  pm25: 1,
  pm10: 1,
  no2: 1,
  o3: 1,
  so2: 1,
  co: 0,
  temperature: 1,
  humidity: 0,
  water_level: 2,
  rainfall: 1,
  wind_speed: 1,
  pressure: 0,
  battery: 0,
};

/** Boolean metrics carried as 1/0. */
const FLAG_METRICS = new Set(['water_leak']);

export function displayUnit(unit: string | null): string {
  if (!unit) return '';
  return DISPLAY_UNITS[unit] ?? unit;
}

export type DisplayValue = { type: 'number'; text: string; unit: string } | { type: 'flag'; on: boolean };

/** The main value as text in the UI language; null when the device has not reported that metric. */
export function displayValue(
  metric: string,
  state: MetricState | undefined,
  lang: Language,
): DisplayValue | null {
  if (!state || state.value === null || !Number.isFinite(state.value)) return null;
  if (FLAG_METRICS.has(metric)) return { type: 'flag', on: state.value !== 0 };
  return {
    type: 'number',
    text: formatNumber(state.value, lang, DIGITS[metric] ?? 2),
    unit: displayUnit(state.unit),
  };
}

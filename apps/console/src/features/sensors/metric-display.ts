import type { MetricState } from '@ioc/contracts/sensor-state.schema';
import { displayUnit as unitText, formatMetricValue } from '@ioc/domain/metric-display';
import type { Language } from '../../i18n/locale.format';

// The tables (units, decimals, names) live in libs/domain/metric-display, shared with the incident titles the
// server writes: a value reads the same in the list, on the map, in the detail and in a title.

/** Boolean metrics carried as 1/0. */
const FLAG_METRICS = new Set(['water_leak']);

/** A feed unit code as written ("ug/m3" → "µg/m³"); the metric's usual unit when the feed sent none. */
export function displayUnit(unit: string | null | undefined, metric?: string): string {
  return unitText(unit, metric);
}

export type DisplayValue = { type: 'number'; text: string; unit: string } | { type: 'flag'; on: boolean };

/** The value as text in the UI language; null when the device has not reported that metric. */
export function displayValue(
  metric: string,
  state: Pick<MetricState, 'value' | 'unit'> | undefined,
  lang: Language,
): DisplayValue | null {
  if (!state || state.value === null || !Number.isFinite(state.value)) return null;
  if (FLAG_METRICS.has(metric)) return { type: 'flag', on: state.value !== 0 };
  return { type: 'number', ...formatMetricValue(metric, state.value, state.unit, lang) };
}

/** Value and unit as one string ("1,25 m", "23,5 µg/m³"); "" when there is no value. */
export function displayText(
  metric: string,
  state: Pick<MetricState, 'value' | 'unit'> | undefined,
  lang: Language,
  flagText: (on: boolean) => string,
): string {
  const v = displayValue(metric, state, lang);
  if (!v) return '';
  if (v.type === 'flag') return flagText(v.on);
  return v.unit ? `${v.text} ${v.unit}` : v.text;
}

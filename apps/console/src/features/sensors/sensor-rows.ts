import type { City, CitySensor } from '@ioc/contracts/city.schema';
import type { DeviceKind } from '@ioc/contracts/device.schema';
import { CITY_TIME_ZONE } from '@ioc/domain/city-time';
import { matchesSearch } from '@ioc/domain/fold-diacritics';
import { formatTime, type Language } from '../../i18n/locale.format';
import { mainMetricOf } from './main-metric';
import { displayValue, type DisplayValue } from './metric-display';
import { sensorColor } from './sensor-color';
import type { SensorStateMap } from './sensor-state.merge';

export interface SensorRow {
  id: string;
  name: string;
  kind: DeviceKind;
  wardName: string;
  metric: string | null;
  value: DisplayValue | null;
  time: string;
  color: string;
  lat: number;
  lon: number;
}

/** One row per sensor: the ones matching the query (diacritics ignored), in the city file's order. */
export function buildSensorRows(
  city: City,
  states: SensorStateMap,
  query: string,
  lang: Language,
  timeZone: string = CITY_TIME_ZONE,
): SensorRow[] {
  const wards = new Map(city.wards.map((w) => [w.id, w.name]));
  return city.sensors
    .filter((s) => matchesSearch(query, [s.name, s.id, wards.get(s.ward)]))
    .map((s) => toRow(s, wards.get(s.ward) ?? s.ward, states, lang, timeZone));
}

function toRow(
  s: CitySensor,
  wardName: string,
  states: SensorStateMap,
  lang: Language,
  timeZone: string,
): SensorRow {
  const state = states.get(s.id);
  const metric = mainMetricOf(s);
  const m = metric ? state?.metrics[metric] : undefined;
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    wardName,
    metric,
    value: metric ? displayValue(metric, m, lang) : null,
    time: m ? formatTime(m.time, lang, timeZone) : '',
    color: sensorColor(s.kind, state),
    lat: s.lat,
    lon: s.lon,
  };
}

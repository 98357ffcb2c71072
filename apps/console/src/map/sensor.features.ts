import type { City, CitySensor } from '@ioc/contracts/city.schema';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import type { Feature, FeatureCollection, Point } from 'geojson';
import { mainMetricOf } from '../features/sensors/main-metric';
import { displayValue } from '../features/sensors/metric-display';
import { sensorColor, sensorLevel } from '../features/sensors/sensor-color';
import type { SensorStateMap } from '../features/sensors/sensor-state.merge';
import type { Language } from '../i18n/locale.format';

export interface SensorFeatureProps {
  id: string;
  kind: string;
  color: string;
  /** Short value text drawn next to the circle; "" without data. */
  label: string;
  /** 0–3, see sensorLevel: clusters take the max of their members. */
  level: number;
}
export type SensorFeature = Feature<Point, SensorFeatureProps>;

/** Flag metrics get a symbol rather than words: labels must stay short on a crowded map. */
export function sensorFeature(
  sensor: CitySensor,
  state: SensorState | undefined,
  lang: Language,
): SensorFeature {
  const metric = mainMetricOf(sensor);
  const v = metric ? displayValue(metric, state?.metrics[metric], lang) : null;
  const label = !v ? '' : v.type === 'flag' ? (v.on ? '!' : '') : v.text;
  return {
    type: 'Feature',
    id: sensor.id,
    geometry: { type: 'Point', coordinates: [sensor.lon, sensor.lat] },
    properties: {
      id: sensor.id,
      kind: sensor.kind,
      color: sensorColor(sensor.kind, state),
      label,
      level: sensorLevel(sensor.kind, state),
    },
  };
}

/**
 * Keeps one feature per sensor and rebuilds only the changed ones: with thousands of sensors the
 * per-frame cost is the changed devices, not the whole city.
 */
export class SensorFeatureCache {
  private readonly features = new Map<string, SensorFeature>();
  private readonly sensors: Map<string, CitySensor>;

  constructor(city: City) {
    this.sensors = new Map(city.sensors.map((s) => [s.id, s]));
  }

  /** Rebuilds the given ids (all when omitted) and returns the collection for setData. */
  update(
    states: SensorStateMap,
    lang: Language,
    ids?: Iterable<string>,
  ): FeatureCollection<Point, SensorFeatureProps> {
    for (const id of ids ?? this.sensors.keys()) {
      const s = this.sensors.get(id);
      if (s) this.features.set(id, sensorFeature(s, states.get(id), lang));
    }
    return { type: 'FeatureCollection', features: [...this.features.values()] };
  }
}

import type { City } from '@ioc/contracts/city.schema';
import type { DeviceKind } from '@ioc/contracts/device.schema';
import type { CapSeverity } from '@ioc/contracts/incident.schema';
import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import type { UnitType } from '@ioc/contracts/unit.schema';
import { pm25BandOfConcentration, PM25_BANDS } from '@ioc/domain/pm25-band';
import {
  DEMO_WATER_LEVEL_ALARMS,
  WATER_LEVEL_BAND_COLORS,
  waterLevelBandOf,
  type WaterLevelBand,
} from '@ioc/domain/water-level-band';
import { SEVERITY_COLORS } from '../features/incidents/incident-queue';
import { DRY_COLOR, LEAK_COLOR, NEUTRAL_COLOR, NO_DATA_COLOR } from '../features/sensors/sensor-color';
import { UNIT_STATUS_COLORS } from '../features/units/unit.store';
import {
  CAMERA_COLOR,
  DISPATCH_COLOR,
  LAYER_CAMERAS,
  LAYER_DISPATCH,
  LAYER_INCIDENTS,
  LAYER_SENSOR_CLUSTERS,
  LAYER_SENSORS,
  LAYER_UNITS,
  LAYER_WARD_LABELS,
  LEVEL_COLORS,
  type LayerGroup,
} from './map.layers';
import { UNIT_STATUSES, UNIT_TYPES } from './unit.symbols';

/** How a legend entry is drawn: the same shape the map draws. */
export type LegendSwatch =
  | { kind: 'dot'; color: string }
  | { kind: 'cluster'; color: string }
  | { kind: 'unit'; color: string; unitType: UnitType; ink: string }
  | { kind: 'camera'; color: string }
  | { kind: 'line'; color: string }
  | { kind: 'ward' };

export interface LegendEntry {
  /** The value of `prop` on the features this entry stands for (browser tests compare them). */
  value: string;
  /** i18n key (and options) of the label. */
  label: string;
  labelOptions?: Record<string, string>;
  swatch: LegendSwatch;
}

export interface LegendSection {
  id: string;
  group: LayerGroup;
  /** The map layer these entries describe, and the feature property that decides the look. */
  layer: string;
  prop: string;
  title: string;
  entries: LegendEntry[];
}

/** A sensor's state as the map colours it: one key per legend entry, shared with the tooltip. */
export interface SensorLook {
  key: string;
  color: string;
}

const WATER_BANDS = Object.keys(WATER_LEVEL_BAND_COLORS) as WaterLevelBand[];

export const NO_DATA_LOOK: SensorLook = { key: 'map.sensorState.noData', color: NO_DATA_COLOR };

/** The sensor legend of one kind: the states the map can draw for it (without "no data"). */
function sensorLooks(kind: DeviceKind): SensorLook[] {
  switch (kind) {
    case 'air_quality':
      return PM25_BANDS.map((b) => ({ key: `legend.band.${b.band}`, color: b.color }));
    case 'water_level':
      return WATER_BANDS.map((b) => ({ key: `legend.water.${b}`, color: WATER_LEVEL_BAND_COLORS[b] }));
    case 'flood_sensor':
      return [
        { key: 'map.sensorState.wet', color: LEAK_COLOR },
        { key: 'map.sensorState.dry', color: DRY_COLOR },
      ];
    default:
      return [{ key: 'map.sensorState.reporting', color: NEUTRAL_COLOR }];
  }
}

/** The legend entry a sensor's state falls under (the colour is sensorColor's, by construction). */
export function sensorLook(kind: DeviceKind, state: SensorState | undefined): SensorLook {
  const m = state?.metrics ?? {};
  switch (kind) {
    case 'air_quality': {
      const b = pm25BandOfConcentration(m['pm25']?.value);
      return b ? { key: `legend.band.${b.band}`, color: b.color } : NO_DATA_LOOK;
    }
    case 'water_level': {
      const b = waterLevelBandOf(m['water_level']?.value, DEMO_WATER_LEVEL_ALARMS);
      return b ? { key: `legend.water.${b}`, color: WATER_LEVEL_BAND_COLORS[b] } : NO_DATA_LOOK;
    }
    case 'flood_sensor': {
      const v = m['water_leak']?.value;
      if (v === null || v === undefined) return NO_DATA_LOOK;
      return sensorLooks('flood_sensor')[v !== 0 ? 0 : 1]!;
    }
    default:
      return Object.values(m).some((x) => x.value !== null) ? sensorLooks(kind)[0]! : NO_DATA_LOOK;
  }
}

const SENSOR_SECTION_TITLE: Partial<Record<DeviceKind, string>> = {
  air_quality: 'legend.pm25',
  water_level: 'legend.waterLevel',
  flood_sensor: 'map.legend.flood',
};

/**
 * The legend, built from the definitions the layers draw with, for what this city has (no ambulance
 * entry in a city without ambulances). Order: what needs action first.
 */
export function legendSections(city: Pick<City, 'sensors' | 'units' | 'cameras'>): LegendSection[] {
  const sections: LegendSection[] = [];
  sections.push({
    id: 'incidents',
    group: 'incidents',
    layer: LAYER_INCIDENTS,
    prop: 'color',
    title: 'legend.incidents',
    entries: (Object.keys(SEVERITY_COLORS) as CapSeverity[]).map((s) => ({
      value: SEVERITY_COLORS[s],
      label: `severity.${s}`,
      swatch: { kind: 'dot', color: SEVERITY_COLORS[s] },
    })),
  });
  const types = new Set(city.units.map((u) => u.type));
  if (types.size) {
    sections.push({
      id: 'unit-types',
      group: 'units',
      layer: LAYER_UNITS,
      prop: 'type',
      title: 'map.legend.unitTypes',
      entries: UNIT_TYPES.filter((t) => types.has(t)).map((t) => ({
        value: t,
        label: `unitType.${t}`,
        swatch: { kind: 'unit', color: '#cbd5e1', unitType: t, ink: '#0b1220' },
      })),
    });
    sections.push({
      id: 'unit-status',
      group: 'units',
      layer: LAYER_UNITS,
      prop: 'status',
      title: 'legend.unitStatus',
      entries: UNIT_STATUSES.map((s) => ({
        value: s,
        label: `unitStatus.${s}`,
        swatch: { kind: 'dot', color: UNIT_STATUS_COLORS[s] },
      })),
    });
  }
  const kinds = new Set(city.sensors.map((s) => s.kind));
  const others = [...kinds].filter((k) => !SENSOR_SECTION_TITLE[k]);
  const sensorEntries = (looks: SensorLook[]): LegendEntry[] =>
    looks.map((l) => ({ value: l.color, label: l.key, swatch: { kind: 'dot', color: l.color } }));
  for (const kind of ['air_quality', 'water_level', 'flood_sensor'] as const)
    if (kinds.has(kind))
      sections.push({
        id: `sensors-${kind}`,
        group: 'sensors',
        layer: LAYER_SENSORS,
        prop: 'color',
        title: SENSOR_SECTION_TITLE[kind]!,
        entries: sensorEntries(sensorLooks(kind)),
      });
  if (kinds.size)
    sections.push({
      id: 'sensors-other',
      group: 'sensors',
      layer: LAYER_SENSORS,
      prop: 'color',
      title: 'map.legend.sensorsOther',
      entries: [
        ...(others.length
          ? [
              {
                ...sensorEntries(sensorLooks(others[0]!))[0]!,
                label: 'map.legend.reportingKinds',
                labelOptions: { kinds: others.join(',') },
              },
            ]
          : []),
        ...sensorEntries([NO_DATA_LOOK]),
      ],
    });
  if (kinds.size)
    sections.push({
      id: 'sensor-clusters',
      group: 'sensors',
      layer: LAYER_SENSOR_CLUSTERS,
      prop: 'worst',
      title: 'legend.clusters',
      entries: LEVEL_COLORS.map((c, i) => ({
        value: String(i),
        label: `legend.level.${i}`,
        swatch: { kind: 'cluster', color: c },
      })),
    });
  if (city.cameras.length)
    sections.push({
      id: 'cameras',
      group: 'cameras',
      layer: LAYER_CAMERAS,
      prop: 'kind',
      title: 'legend.group.cameras',
      entries: [
        { value: 'camera', label: 'map.legend.camera', swatch: { kind: 'camera', color: CAMERA_COLOR } },
      ],
    });
  sections.push({
    id: 'dispatch',
    group: 'incidents',
    layer: LAYER_DISPATCH,
    prop: 'kind',
    title: 'map.legend.dispatchTitle',
    entries: [
      { value: 'dispatch', label: 'map.legend.dispatch', swatch: { kind: 'line', color: DISPATCH_COLOR } },
    ],
  });
  sections.push({
    id: 'wards',
    group: 'wards',
    layer: LAYER_WARD_LABELS,
    prop: 'kind',
    title: 'legend.group.wards',
    entries: [{ value: 'ward', label: 'map.legend.ward', swatch: { kind: 'ward' } }],
  });
  return sections;
}

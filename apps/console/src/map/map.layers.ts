import type { AddLayerObject } from 'maplibre-gl';

/** Font the server's offline glyph endpoint serves (tileserver-gl-styles). */
export const LABEL_FONT = 'Noto Sans Regular';

export const SOURCE_SENSORS = 'sensors';
export const SOURCE_CAMERAS = 'cameras';
export const SOURCE_UNITS = 'units';
export const SOURCE_INCIDENTS = 'incidents';
export const SOURCE_CAMERA_FOV = 'camera-fov';
export const SOURCE_DISPATCH = 'dispatch';
/** One point per ward (map/ward-labels.ts), from the style's `wards` polygons. */
export const SOURCE_WARD_LABELS = 'ward-labels';
/** The offline style's ward polygons (apps/server/src/basemap/offline-style.factory.ts). */
export const SOURCE_WARDS = 'wards';

/** Layer ids are part of the browser-test contract (`queryRenderedFeatures({ layers: ['sensors'] })`). */
export const LAYER_SENSORS = 'sensors';
export const LAYER_SENSOR_LABELS = 'sensors-label';
export const LAYER_CAMERAS = 'cameras';
export const LAYER_CAMERA_FOV = 'camera-fov';
export const LAYER_SENSOR_CLUSTERS = 'sensor-clusters';
export const LAYER_SENSOR_CLUSTER_COUNT = 'sensor-clusters-count';
export const LAYER_UNITS = 'units';
export const LAYER_INCIDENTS = 'incidents';
export const LAYER_INCIDENT_HALO = 'incidents-halo';
export const LAYER_DISPATCH = 'dispatch';
export const LAYER_WARD_LABELS = 'wards-label';

export const CAMERA_COLOR = '#e2e8f0';
export const DISPATCH_COLOR = '#a3e635';

/** Cluster colour by the worst member level (0 fine … 3 act now). */
export const LEVEL_COLORS = ['#334155', '#facc15', '#f97316', '#dc2626'] as const;

/** Sensors cluster only when zoomed out past the city view (zoom ≤ 12); clusters keep count and worst level. */
export const SENSOR_CLUSTER_OPTIONS = {
  cluster: true,
  clusterMaxZoom: 12,
  clusterRadius: 45,
  clusterProperties: { worst: ['max', ['get', 'level']] },
} as const;

/** Toggleable layer groups (legend checkboxes) → the map layers each one shows. */
export const LAYER_GROUPS = {
  sensors: ['sensors', 'sensors-label', 'sensor-clusters', 'sensor-clusters-count'],
  cameras: ['cameras', 'camera-fov'],
  units: ['units'],
  incidents: ['incidents', 'incidents-halo', 'dispatch'],
  // Ward boundaries and names come with the offline basemap style (apps/server/src/basemap).
  wards: ['wards-outline', 'wards-label'],
} as const;
export type LayerGroup = keyof typeof LAYER_GROUPS;

/** Bottom to top: cameras, sensors, sensor values, units (working units must not hide under sensors). */
export const OVERLAY_LAYERS: AddLayerObject[] = [
  {
    id: LAYER_CAMERA_FOV,
    type: 'fill',
    source: SOURCE_CAMERA_FOV,
    minzoom: 12,
    paint: { 'fill-color': CAMERA_COLOR, 'fill-opacity': 0.12, 'fill-outline-color': '#cbd5e1' },
  },
  {
    id: LAYER_CAMERAS,
    type: 'circle',
    source: SOURCE_CAMERAS,
    paint: {
      'circle-radius': 4,
      'circle-color': CAMERA_COLOR,
      'circle-stroke-color': '#0f172a',
      'circle-stroke-width': 1.5,
    },
  },
  {
    id: LAYER_SENSOR_CLUSTERS,
    type: 'circle',
    source: SOURCE_SENSORS,
    filter: ['has', 'point_count'],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 12, 100, 20, 2000, 30],
      'circle-color': [
        'match',
        ['get', 'worst'],
        1,
        LEVEL_COLORS[1],
        2,
        LEVEL_COLORS[2],
        3,
        LEVEL_COLORS[3],
        LEVEL_COLORS[0],
      ],
      'circle-stroke-color': '#e2e8f0',
      'circle-stroke-width': 1.5,
      'circle-opacity': 0.9,
    },
  },
  {
    id: LAYER_SENSOR_CLUSTER_COUNT,
    type: 'symbol',
    source: SOURCE_SENSORS,
    filter: ['has', 'point_count'],
    layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': [LABEL_FONT], 'text-size': 13 },
    paint: { 'text-color': '#ffffff', 'text-halo-color': '#0b1220', 'text-halo-width': 1.2 },
  },
  {
    id: LAYER_SENSORS,
    type: 'circle',
    source: SOURCE_SENSORS,
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 4, 14, 8],
      'circle-color': ['get', 'color'],
      'circle-stroke-color': '#0b1220',
      'circle-stroke-width': 1.5,
    },
  },
  {
    id: LAYER_SENSOR_LABELS,
    type: 'symbol',
    source: SOURCE_SENSORS,
    // Value labels from street level: label collision across thousands of points is main-thread work.
    minzoom: 14,
    filter: ['!', ['has', 'point_count']],
    layout: {
      'text-field': ['get', 'label'],
      'text-font': [LABEL_FONT],
      'text-size': 12,
      'text-offset': [0, -1.4],
      'text-anchor': 'bottom',
      'text-allow-overlap': false,
    },
    paint: { 'text-color': '#f1f5f9', 'text-halo-color': '#0b1220', 'text-halo-width': 1.5 },
  },
  {
    // Type pictogram on a status-coloured rounded square (unit.symbols.ts), above the sensors below.
    id: LAYER_UNITS,
    type: 'symbol',
    source: SOURCE_UNITS,
    layout: {
      'icon-image': ['get', 'icon'],
      'icon-size': ['interpolate', ['linear'], ['zoom'], 10, 0.75, 14, 1],
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
      'symbol-sort-key': ['get', 'rank'],
    },
  },
];

/** One name per ward, at its label point; under every overlay (added before the first of them). */
export const WARD_LABEL_LAYER: AddLayerObject = {
  id: LAYER_WARD_LABELS,
  type: 'symbol',
  source: SOURCE_WARD_LABELS,
  minzoom: 10.5,
  layout: {
    'text-field': ['get', 'name'],
    'text-font': [LABEL_FONT],
    'text-size': ['interpolate', ['linear'], ['zoom'], 11, 11, 15, 15],
    'text-max-width': 7,
    'text-letter-spacing': 0.03,
    'text-padding': 4,
  },
  paint: {
    'text-color': '#8ea7c2',
    'text-halo-color': '#0a1520',
    'text-halo-width': 1.4,
    'text-opacity': 0.9,
  },
};

/** Incidents above everything: a pulsing halo (radius/opacity animated) under a severity-coloured dot. */
export const INCIDENT_LAYERS: AddLayerObject[] = [
  {
    id: LAYER_DISPATCH,
    type: 'line',
    source: SOURCE_DISPATCH,
    paint: { 'line-color': DISPATCH_COLOR, 'line-width': 2, 'line-dasharray': [2, 1.5] },
  },
  {
    id: LAYER_INCIDENT_HALO,
    type: 'circle',
    source: SOURCE_INCIDENTS,
    filter: ['==', ['get', 'pulse'], 1],
    paint: {
      'circle-radius': 14,
      'circle-color': ['get', 'color'],
      'circle-opacity': 0.35,
      'circle-stroke-width': 0,
    },
  },
  {
    id: LAYER_INCIDENTS,
    type: 'circle',
    source: SOURCE_INCIDENTS,
    layout: { 'circle-sort-key': ['get', 'rank'] },
    paint: {
      'circle-radius': ['case', ['==', ['get', 'selected'], 1], 11, 8],
      'circle-color': ['get', 'color'],
      'circle-stroke-color': ['case', ['==', ['get', 'selected'], 1], '#ffffff', '#0b1220'],
      'circle-stroke-width': ['case', ['==', ['get', 'selected'], 1], 3, 2],
    },
  },
];

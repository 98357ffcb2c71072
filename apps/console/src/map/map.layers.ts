import type { AddLayerObject } from 'maplibre-gl';

/** Font the server's offline glyph endpoint serves (tileserver-gl-styles). */
export const LABEL_FONT = 'Noto Sans Regular';

export const SOURCE_SENSORS = 'sensors';
export const SOURCE_CAMERAS = 'cameras';
export const SOURCE_UNITS = 'units';
export const SOURCE_INCIDENTS = 'incidents';
export const SOURCE_DISPATCH = 'dispatch';

/** Layer ids are part of the browser-test contract (`queryRenderedFeatures({ layers: ['sensors'] })`). */
export const LAYER_SENSORS = 'sensors';
export const LAYER_SENSOR_LABELS = 'sensors-label';
export const LAYER_CAMERAS = 'cameras';
export const LAYER_UNITS = 'units';
export const LAYER_INCIDENTS = 'incidents';
export const LAYER_INCIDENT_HALO = 'incidents-halo';
export const LAYER_DISPATCH = 'dispatch';

export const CAMERA_COLOR = '#e2e8f0';
export const UNIT_COLOR = '#f472b6';

/** Bottom to top: cameras, units, sensors, sensor values. */
export const OVERLAY_LAYERS: AddLayerObject[] = [
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
    id: LAYER_UNITS,
    type: 'circle',
    source: SOURCE_UNITS,
    paint: {
      'circle-radius': 5,
      'circle-color': UNIT_COLOR,
      'circle-stroke-color': '#fdf2f8',
      'circle-stroke-width': 1.5,
    },
  },
  {
    id: LAYER_SENSORS,
    type: 'circle',
    source: SOURCE_SENSORS,
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
    minzoom: 12,
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
];

/** Incidents above everything: a pulsing halo (radius/opacity animated) under a severity-coloured dot. */
export const INCIDENT_LAYERS: AddLayerObject[] = [
  {
    id: LAYER_DISPATCH,
    type: 'line',
    source: SOURCE_DISPATCH,
    paint: { 'line-color': '#a3e635', 'line-width': 2, 'line-dasharray': [2, 1.5] },
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

import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  CAMERA_COLOR,
  DISPATCH_COLOR,
  LAYER_CAMERAS,
  LAYER_CAMERA_FOV,
  LAYER_DISPATCH,
  LAYER_INCIDENTS,
  LAYER_SENSORS,
  LAYER_SENSOR_CLUSTERS,
  LAYER_SENSOR_LABELS,
  LAYER_WARD_LABELS,
} from './map.layers';
import { LAYER_LANDMARKS, LAYER_LANDMARK_LABELS } from './landmark.layers';

/** Night: dark basemap (the default, as the wall screens run); day: light basemap for a bright room. */
export type MapTheme = 'night' | 'day';
export const MAP_THEMES: readonly MapTheme[] = ['night', 'day'];
export const MAP_THEME_KEY = 'ioc.map.theme';

export function storedMapTheme(): MapTheme {
  try {
    return localStorage.getItem(MAP_THEME_KEY) === 'day' ? 'day' : 'night';
  } catch {
    return 'night';
  }
}

type PaintValue = Parameters<MapLibreMap['setPaintProperty']>[2];
type Paint = [layer: string, property: string, night: PaintValue, day: PaintValue];

/**
 * What changes with the theme: outlines, halos and text of the operator layers (night values are those
 * of map.layers.ts). Severity, status and level colours stay: they mean the same by day.
 */
export const OVERLAY_THEME_PAINT: Paint[] = [
  [LAYER_CAMERA_FOV, 'fill-color', CAMERA_COLOR, '#334155'],
  [LAYER_CAMERA_FOV, 'fill-outline-color', '#cbd5e1', '#475569'],
  [LAYER_CAMERAS, 'circle-color', CAMERA_COLOR, '#1e293b'],
  [LAYER_CAMERAS, 'circle-stroke-color', '#0f172a', '#ffffff'],
  [LAYER_SENSOR_CLUSTERS, 'circle-stroke-color', '#e2e8f0', '#1e293b'],
  [LAYER_SENSORS, 'circle-stroke-color', '#0b1220', '#ffffff'],
  [LAYER_SENSOR_LABELS, 'text-color', '#f1f5f9', '#0f172a'],
  [LAYER_SENSOR_LABELS, 'text-halo-color', '#0b1220', '#ffffff'],
  [LAYER_WARD_LABELS, 'text-color', '#8ea7c2', '#334155'],
  [LAYER_WARD_LABELS, 'text-halo-color', '#0a1520', '#f8fafc'],
  [LAYER_DISPATCH, 'line-color', DISPATCH_COLOR, '#4d7c0f'],
  [
    LAYER_INCIDENTS,
    'circle-stroke-color',
    ['case', ['==', ['get', 'selected'], 1], '#ffffff', '#0b1220'],
    ['case', ['==', ['get', 'selected'], 1], '#0b1220', '#ffffff'],
  ],
  [LAYER_LANDMARKS, 'circle-color', '#cbd5e1', '#475569'],
  [LAYER_LANDMARKS, 'circle-stroke-color', '#0b1220', '#ffffff'],
  [LAYER_LANDMARK_LABELS, 'text-color', '#cbd5e1', '#1e293b'],
  [LAYER_LANDMARK_LABELS, 'text-halo-color', '#0b1220', '#ffffff'],
];

/** The built-in demo basemap (server basemap/offline-style.factory.ts, whose colours are the night ones). */
export const DEMO_BASEMAP_THEME_PAINT: Paint[] = [
  ['sea', 'background-color', '#0a1520', '#b9d0e3'],
  ['land', 'fill-color', '#1a2431', '#eceff2'],
  ['land-coast', 'line-color', '#2c3e52', '#8aa2ba'],
  ['wards-fill', 'fill-color', '#22344a', '#d5dfea'],
  ['wards-outline', 'line-color', '#4b6a8c', '#5b7794'],
];

/** Sets the theme's paint on every listed layer the map has (others: not in this style, or not yet). */
export function applyThemePaint(map: MapLibreMap, theme: MapTheme, paints: readonly Paint[]): void {
  for (const [layer, prop, night, day] of paints)
    if (map.getLayer(layer))
      map.setPaintProperty(
        layer,
        prop as Parameters<MapLibreMap['setPaintProperty']>[1],
        theme === 'day' ? day : night,
        { validate: false },
      );
}

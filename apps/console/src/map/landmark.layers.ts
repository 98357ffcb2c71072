import type { City } from '@ioc/contracts/city.schema';
import type { AddLayerObject } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { LABEL_FONT } from './map.layers';

/** Landmarks of city.json (markets, stations, hospitals…) as labelled points, under the operator layers. */
export const SOURCE_LANDMARKS = 'landmarks';
export const LAYER_LANDMARKS = 'landmarks';
export const LAYER_LANDMARK_LABELS = 'landmarks-label';

export function landmarkFeatures(city: City): FeatureCollection<Point, { id: string; name: string }> {
  return {
    type: 'FeatureCollection',
    features: city.landmarks.map((l) => ({
      type: 'Feature',
      properties: { id: l.id, name: l.name },
      geometry: { type: 'Point', coordinates: [l.lon, l.lat] },
    })),
  };
}

export const LANDMARK_LAYERS: AddLayerObject[] = [
  {
    id: LAYER_LANDMARKS,
    type: 'circle',
    source: SOURCE_LANDMARKS,
    minzoom: 12,
    paint: {
      'circle-radius': 3,
      'circle-color': '#cbd5e1',
      'circle-stroke-color': '#0b1220',
      'circle-stroke-width': 1,
      'circle-opacity': 0.85,
    },
  },
  {
    id: LAYER_LANDMARK_LABELS,
    type: 'symbol',
    source: SOURCE_LANDMARKS,
    // From the city view on; below ward names and every marker in placement priority.
    minzoom: 13,
    layout: {
      'text-field': ['get', 'name'],
      'text-font': [LABEL_FONT],
      'text-size': 11,
      'text-anchor': 'top',
      'text-offset': [0, 0.5],
      'text-max-width': 8,
      'text-optional': true,
    },
    paint: {
      'text-color': '#cbd5e1',
      'text-halo-color': '#0b1220',
      'text-halo-width': 1.2,
      'text-opacity': 0.85,
    },
  },
];

import type { City } from '@ioc/contracts/city.schema';
import type { FeatureCollection, Point } from 'geojson';

/** Cameras as points (the field-of-view cone comes with the camera layer). */
export function cameraFeatures(
  city: City,
): FeatureCollection<Point, { id: string; name: string; kind: 'camera' }> {
  return {
    type: 'FeatureCollection',
    features: city.cameras.map((c) => ({
      type: 'Feature',
      id: c.id,
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: { id: c.id, name: c.name, kind: 'camera' },
    })),
  };
}

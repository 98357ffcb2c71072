import type { City } from '@ioc/contracts/city.schema';
import type { FeatureCollection, Point } from 'geojson';

/** Cameras as points (the field-of-view cone comes with the camera layer). */
export function cameraFeatures(city: City): FeatureCollection<Point, { id: string; name: string }> {
  return {
    type: 'FeatureCollection',
    features: city.cameras.map((c) => ({
      type: 'Feature',
      id: c.id,
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: { id: c.id, name: c.name },
    })),
  };
}

/** Response units at their configured base positions until live tracking arrives. */
export function unitFeatures(
  city: City,
): FeatureCollection<Point, { id: string; name: string; type: string }> {
  return {
    type: 'FeatureCollection',
    features: city.units.map((u) => ({
      type: 'Feature',
      id: u.id,
      geometry: { type: 'Point', coordinates: [u.lon, u.lat] },
      properties: { id: u.id, name: u.name, type: u.type },
    })),
  };
}

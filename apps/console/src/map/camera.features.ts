import type { City } from '@ioc/contracts/city.schema';
import { destinationPoint } from '@ioc/domain/geo';
import type { FeatureCollection, Polygon } from 'geojson';

/** Field-of-view cones: a sector from each camera's bearing, angle and range (a circle for domes). */
export function cameraConeFeatures(city: City, steps = 12): FeatureCollection<Polygon, { id: string }> {
  return {
    type: 'FeatureCollection',
    features: city.cameras.map((c) => {
      const full = c.fov >= 360;
      const start = full ? 0 : c.bearing - c.fov / 2;
      const span = full ? 360 : c.fov;
      const ring: [number, number][] = full ? [] : [[c.lon, c.lat]];
      for (let i = 0; i <= steps; i++) {
        const p = destinationPoint(c, start + (span * i) / steps, c.range);
        ring.push([p.lon, p.lat]);
      }
      ring.push(ring[0]!);
      return {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [ring] },
        properties: { id: c.id },
      };
    }),
  };
}

import type { Unit } from '@ioc/contracts/unit.schema';
import type { FeatureCollection, Point } from 'geojson';
import { UNIT_STATUS_COLORS } from '../features/units/unit.store';

/** Units with a known position, coloured by status. */
export function unitFeatures(
  units: Iterable<Unit>,
): FeatureCollection<Point, { id: string; name: string; status: string; color: string }> {
  const features: FeatureCollection<
    Point,
    { id: string; name: string; status: string; color: string }
  >['features'] = [];
  for (const u of units) {
    if (u.lat === null || u.lon === null) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [u.lon, u.lat] },
      properties: { id: u.id, name: u.name, status: u.status, color: UNIT_STATUS_COLORS[u.status] },
    });
  }
  return { type: 'FeatureCollection', features };
}

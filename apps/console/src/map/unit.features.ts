import type { Unit, UnitStatus, UnitType } from '@ioc/contracts/unit.schema';
import type { FeatureCollection, Point } from 'geojson';
import { UNIT_STATUS_COLORS } from '../features/units/unit.store';
import { unitIconId } from './unit.symbols';

export interface UnitFeatureProps {
  id: string;
  name: string;
  type: UnitType;
  status: UnitStatus;
  color: string;
  /** Image added by addUnitIcons: the type pictogram on the status colour. */
  icon: string;
  /** Working units are drawn over idle ones. */
  rank: number;
}

const RANK: Record<UnitStatus, number> = {
  off_duty: 0,
  available: 1,
  dispatched: 2,
  en_route: 3,
  on_scene: 4,
};

/** Units with a known position, with their type symbol coloured by status. */
export function unitFeatures(units: Iterable<Unit>): FeatureCollection<Point, UnitFeatureProps> {
  const features: FeatureCollection<Point, UnitFeatureProps>['features'] = [];
  for (const u of units) {
    if (u.lat === null || u.lon === null) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [u.lon, u.lat] },
      properties: {
        id: u.id,
        name: u.name,
        type: u.type,
        status: u.status,
        color: UNIT_STATUS_COLORS[u.status],
        icon: unitIconId(u.type, u.status),
        rank: RANK[u.status],
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

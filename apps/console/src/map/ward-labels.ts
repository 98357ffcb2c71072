import { labelPointLonLat } from '@ioc/domain/polygon-label';
import type { FeatureCollection, Point } from 'geojson';

export interface WardLabelProps {
  id: string;
  name: string;
  kind: 'ward';
}

interface WardsGeoJson {
  type?: string;
  features?: {
    properties?: Record<string, unknown> | null;
    geometry?: { type: string; coordinates: unknown } | null;
  }[];
}

/**
 * One label point per ward (pole of inaccessibility of its largest part). Labels placed on the polygons
 * themselves repeat once per tile and part; a point source has exactly one feature per ward.
 */
export function wardLabelFeatures(wards: unknown): FeatureCollection<Point, WardLabelProps> {
  const features: FeatureCollection<Point, WardLabelProps>['features'] = [];
  const seen = new Set<string>();
  for (const f of (wards as WardsGeoJson)?.features ?? []) {
    const id = f.properties?.['id'];
    const name = f.properties?.['name'];
    if (typeof id !== 'string' || typeof name !== 'string' || !f.geometry || seen.has(id)) continue;
    const p = labelPointLonLat(f.geometry);
    if (!p) continue;
    seen.add(id);
    features.push({
      type: 'Feature',
      id: features.length,
      geometry: { type: 'Point', coordinates: p },
      properties: { id, name, kind: 'ward' },
    });
  }
  return { type: 'FeatureCollection', features };
}

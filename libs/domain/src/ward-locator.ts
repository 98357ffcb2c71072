/**
 * Which ward a point lies in, from the city's wards GeoJSON (Polygon / MultiPolygon features with
 * `properties.id`). Ray casting on lon/lat is exact enough for ward-sized polygons.
 */
import type { LatLon } from './geo';

type Ring = readonly (readonly number[])[];

export interface WardFeature {
  properties?: { id?: unknown } | null;
  geometry?: { type: string; coordinates: unknown } | null;
}

/** Even–odd rule; a point on an edge may fall either side, which is fine for adjacent wards. */
export function pointInRing(point: LatLon, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > point.lat !== yj > point.lat && point.lon < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}

/** Outer ring minus holes. */
export function pointInPolygon(point: LatLon, polygon: readonly Ring[]): boolean {
  if (!polygon.length || !pointInRing(point, polygon[0])) return false;
  return !polygon.slice(1).some((hole) => pointInRing(point, hole));
}

/** The id of the first ward containing the point, or null outside every ward. */
export function wardAt(point: LatLon, features: readonly WardFeature[]): string | null {
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon)) return null;
  for (const f of features) {
    const id = f.properties?.id;
    const g = f.geometry;
    if (typeof id !== 'string' || !g) continue;
    const polygons =
      g.type === 'Polygon'
        ? [g.coordinates as Ring[]]
        : g.type === 'MultiPolygon'
          ? (g.coordinates as Ring[][])
          : [];
    if (polygons.some((p) => pointInPolygon(point, p))) return id;
  }
  return null;
}

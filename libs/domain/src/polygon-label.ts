/**
 * Where to write a polygon's name: its pole of inaccessibility (the inside point farthest from the edge),
 * found with the grid-refinement search of Mapbox's polylabel (ISC), rewritten small here. A centroid
 * can fall outside a concave or crescent-shaped ward; this point never does.
 */
import { pointInPolygon } from './ward-locator';

type Ring = readonly (readonly number[])[];
type Polygon = readonly Ring[];

interface Cell {
  x: number;
  y: number;
  /** Half the cell's side. */
  h: number;
  /** Signed distance from the cell's centre to the outline (negative outside). */
  d: number;
  /** Best distance any point of the cell can have. */
  max: number;
}

/** Squared distance from point (px, py) to segment a–b. */
function segmentDistSq(px: number, py: number, a: readonly number[], b: readonly number[]): number {
  let x = a[0]!;
  let y = a[1]!;
  let dx = b[0]! - x;
  let dy = b[1]! - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = b[0]!;
      y = b[1]!;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

function signedDistance(x: number, y: number, polygon: Polygon): number {
  let min = Infinity;
  for (const ring of polygon)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
      min = Math.min(min, segmentDistSq(x, y, ring[i]!, ring[j]!));
  const inside = pointInPolygon({ lon: x, lat: y }, polygon);
  return (inside ? 1 : -1) * Math.sqrt(min);
}

function cell(x: number, y: number, h: number, polygon: Polygon): Cell {
  const d = signedDistance(x, y, polygon);
  return { x, y, h, d, max: d + h * Math.SQRT2 };
}

/** Area-weighted centroid of the outer ring (the search's first guess). */
function centroidCell(polygon: Polygon): Cell {
  const ring = polygon[0]!;
  let area = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    const f = a[0]! * b[1]! - b[0]! * a[1]!;
    cx += (a[0]! + b[0]!) * f;
    cy += (a[1]! + b[1]!) * f;
    area += f * 3;
  }
  if (area === 0) return cell(ring[0]![0]!, ring[0]![1]!, 0, polygon);
  return cell(cx / area, cy / area, 0, polygon);
}

/**
 * The pole of inaccessibility of a polygon ([outer ring, ...holes] of [x, y]), to within `precision`
 * (in the coordinates' units). Planar: for lon/lat, see `labelPointLonLat`.
 */
export function poleOfInaccessibility(polygon: Polygon, precision = 1e-5): [number, number] {
  const outer = polygon[0];
  if (!outer || outer.length === 0) throw new Error('empty polygon');
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of outer) {
    minX = Math.min(minX, x!);
    minY = Math.min(minY, y!);
    maxX = Math.max(maxX, x!);
    maxY = Math.max(maxY, y!);
  }
  const size = Math.min(maxX - minX, maxY - minY);
  if (size === 0) return [minX, minY];
  const h = size / 2;
  // A sorted array is plenty for ward-sized outlines (a few hundred cells at most).
  const queue: Cell[] = [];
  for (let x = minX; x < maxX; x += size)
    for (let y = minY; y < maxY; y += size) queue.push(cell(x + h, y + h, h, polygon));
  let best = centroidCell(polygon);
  const box = cell(minX + (maxX - minX) / 2, minY + (maxY - minY) / 2, 0, polygon);
  if (box.d > best.d) best = box;
  while (queue.length) {
    queue.sort((a, b) => a.max - b.max);
    const c = queue.pop()!;
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    const q = c.h / 2;
    queue.push(
      cell(c.x - q, c.y - q, q, polygon),
      cell(c.x + q, c.y - q, q, polygon),
      cell(c.x - q, c.y + q, q, polygon),
      cell(c.x + q, c.y + q, q, polygon),
    );
  }
  return [best.x, best.y];
}

function ringArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    a += ring[j]![0]! * ring[i]![1]! - ring[i]![0]! * ring[j]![1]!;
  return Math.abs(a / 2);
}

/**
 * One label point [lon, lat] for a Polygon or MultiPolygon (its largest part), computed with longitude
 * scaled by cos(latitude) so "farthest from the edge" is in metres, not degrees. Null for other types.
 */
export function labelPointLonLat(geometry: { type: string; coordinates: unknown }): [number, number] | null {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates as Polygon]
      : geometry.type === 'MultiPolygon'
        ? (geometry.coordinates as Polygon[])
        : [];
  const largest = polygons
    .filter((p) => p.length > 0 && p[0]!.length >= 3)
    .reduce<Polygon | null>((a, p) => (!a || ringArea(p[0]!) > ringArea(a[0]!) ? p : a), null);
  if (!largest) return null;
  const lat0 = largest[0]!.reduce((s, c) => s + c[1]!, 0) / largest[0]!.length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const scaled = largest.map((ring) => ring.map(([x, y]) => [x! * k, y!]));
  // ~1 m at these latitudes: finer than any label needs.
  const [x, y] = poleOfInaccessibility(scaled, 1e-5);
  return [x / k, y];
}

/** [west, south, east, north] in degrees. */
export type BBox = readonly [number, number, number, number];
type Position = [number, number];
type Ring = Position[];

/**
 * Sutherland–Hodgman clip of one closed ring against an axis-aligned box. Concave rings may gain
 * zero-width edges along the box border; harmless for a fill layer, and far simpler than a full
 * polygon clipper for a static basemap.
 */
export function clipRingToBBox(ring: readonly Position[], [w, s, e, n]: BBox): Ring {
  const edges: [(p: Position) => boolean, (a: Position, b: Position) => Position][] = [
    [(p) => p[0] >= w, (a, b) => at(a, b, 0, w)],
    [(p) => p[0] <= e, (a, b) => at(a, b, 0, e)],
    [(p) => p[1] >= s, (a, b) => at(a, b, 1, s)],
    [(p) => p[1] <= n, (a, b) => at(a, b, 1, n)],
  ];
  let out: Position[] = openRing(ring);
  for (const [inside, cross] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i];
      const prev = input[(i + input.length - 1) % input.length];
      if (inside(cur)) {
        if (!inside(prev)) out.push(cross(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cross(prev, cur));
    }
    if (out.length === 0) return [];
  }
  if (out.length < 3) return [];
  return [...out, [out[0][0], out[0][1]]];
}

/** Clips polygons (arrays of rings, outer first) and drops those left empty; coordinates rounded. */
export function clipPolygonsToBBox(
  polygons: readonly (readonly Position[][])[],
  bbox: BBox,
  decimals = 4,
): Ring[][] {
  const result: Ring[][] = [];
  for (const polygon of polygons) {
    if (!polygon.length || !intersects(ringBBox(polygon[0]), bbox)) continue;
    const outer = clipRingToBBox(polygon[0], bbox);
    if (outer.length === 0) continue;
    const holes = polygon
      .slice(1)
      .map((r) => clipRingToBBox(r, bbox))
      .filter((r) => r.length > 0);
    result.push(
      [outer, ...holes].map((r) => dedupe(r.map((p) => [round(p[0], decimals), round(p[1], decimals)]))),
    );
  }
  return result.filter((p) => p[0].length >= 4);
}

function at(a: Position, b: Position, axis: 0 | 1, v: number): Position {
  const t = (v - a[axis]) / (b[axis] - a[axis]);
  const other = axis === 0 ? 1 : 0;
  const p: Position = [0, 0];
  p[axis] = v;
  p[other] = a[other] + t * (b[other] - a[other]);
  return p;
}

function openRing(ring: readonly Position[]): Position[] {
  const last = ring.length - 1;
  const closed = last > 0 && ring[0][0] === ring[last][0] && ring[0][1] === ring[last][1];
  return (closed ? ring.slice(0, last) : ring.slice()) as Position[];
}

function ringBBox(ring: readonly Position[]): BBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const [x, y] of ring) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

function intersects(a: BBox, b: BBox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

function round(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/** Rounding makes neighbours equal; repeated points only cost bytes. */
function dedupe(ring: Ring): Ring {
  return ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1][0] || p[1] !== ring[i - 1][1]);
}

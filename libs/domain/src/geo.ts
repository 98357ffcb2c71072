/** Great-circle geometry on a spherical Earth (good to ~0.5 % for city distances, plenty for dispatch). */

export interface LatLon {
  lat: number;
  lon: number;
}

/** IUGG mean Earth radius, metres. */
export const EARTH_RADIUS_M = 6_371_008.8;

const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** Haversine distance in metres. */
export function haversineM(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from a to b, degrees clockwise from true north in [0, 360). */
export function bearingDeg(a: LatLon, b: LatLon): number {
  const φ1 = rad(a.lat);
  const φ2 = rad(b.lat);
  const Δλ = rad(b.lon - a.lon);
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return (deg(Math.atan2(y, x)) + 360) % 360;
}

/** The point `distanceM` metres from `origin` along an initial bearing (degrees from north). */
export function destinationPoint(origin: LatLon, bearing: number, distanceM: number): LatLon {
  const δ = distanceM / EARTH_RADIUS_M;
  const θ = rad(bearing);
  const φ1 = rad(origin.lat);
  const λ1 = rad(origin.lon);
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
  const λ2 =
    λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
  return { lat: deg(φ2), lon: ((deg(λ2) + 540) % 360) - 180 };
}

/** Smallest absolute difference between two bearings, in [0, 180]. */
export function angleDiffDeg(a: number, b: number): number {
  const d = (((a - b) % 360) + 360) % 360;
  return d > 180 ? 360 - d : d;
}

/** A camera's ground footprint as a sector: where it is, where it looks, how wide and how far. */
export interface CameraView extends LatLon {
  /** Degrees clockwise from north the camera looks at. */
  bearing: number;
  /** Horizontal field of view, degrees (360 = dome camera). */
  fov: number;
  /** Metres the camera usefully sees. */
  range: number;
}

/** True when the point lies in the camera's sector (edges included). */
export function inCameraView(camera: CameraView, point: LatLon): boolean {
  const distance = haversineM(camera, point);
  if (distance > camera.range) return false;
  if (distance < 0.5 || camera.fov >= 360) return true;
  return angleDiffDeg(bearingDeg(camera, point), camera.bearing) <= camera.fov / 2 + 1e-9;
}

/** Cameras that see a point ("linked cameras" of an incident), nearest first. */
export function camerasSeeing<C extends CameraView & { id: string }>(
  point: LatLon,
  cameras: readonly C[],
): { camera: C; distanceM: number }[] {
  return cameras
    .filter((c) => inCameraView(c, point))
    .map((camera) => ({ camera, distanceM: haversineM(camera, point) }))
    .sort((x, y) => x.distanceM - y.distanceM || x.camera.id.localeCompare(y.camera.id));
}

/** [west, south, east, north] in degrees, as GeoJSON orders it. */
export type BBox = readonly [number, number, number, number];

/** True when the point is inside the box (edges included); west > east means it spans the antimeridian. */
export function bboxContains(bbox: BBox, point: LatLon): boolean {
  const [west, south, east, north] = bbox;
  if (point.lat < south || point.lat > north) return false;
  return west <= east ? point.lon >= west && point.lon <= east : point.lon >= west || point.lon <= east;
}

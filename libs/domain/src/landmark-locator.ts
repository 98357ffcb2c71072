/**
 * "Where is it?" in the words an operator uses on the radio: the nearest well-known place and how far
 * from it ("120 m from Chợ Phan Thiết"), rather than coordinates or a ward name alone.
 */
import { haversineM, type LatLon } from './geo';

export interface Landmark extends LatLon {
  id: string;
  name: string;
}

/** Within this distance a point is "at" the landmark. */
export const AT_LANDMARK_M = 30;
/** Beyond this no landmark describes a point usefully (the ward name still does). */
export const MAX_LANDMARK_M = 5000;

/** The nearest landmark and its distance in metres; ties go to the lower id. Null without landmarks. */
export function nearestLandmark<L extends Landmark>(
  point: LatLon,
  landmarks: readonly L[],
): { landmark: L; distanceM: number } | null {
  let best: { landmark: L; distanceM: number } | null = null;
  for (const landmark of landmarks) {
    const distanceM = haversineM(point, landmark);
    if (
      !best ||
      distanceM < best.distanceM ||
      (distanceM === best.distanceM && landmark.id < best.landmark.id)
    )
      best = { landmark, distanceM };
  }
  return best;
}

export type LocationDescription =
  | { kind: 'at'; landmark: Landmark }
  /** `distanceM` rounded as it is read out: 10 m steps below 1 km, 100 m steps beyond. */
  | { kind: 'near'; landmark: Landmark; distanceM: number };

/** Distance rounded to what a person says: 10 m steps below 1 km, 100 m steps from there. */
export function roundDistanceM(m: number): number {
  return m < 995 ? Math.max(10, Math.round(m / 10) * 10) : Math.round(m / 100) * 100;
}

/**
 * The point described by its nearest landmark: "at" within `atM`, "near" up to `maxM`, null beyond
 * (or without a usable point or landmarks).
 */
export function describeLocation(
  point: Partial<LatLon> | { lat: number | null; lon: number | null },
  landmarks: readonly Landmark[],
  opts: { atM?: number; maxM?: number } = {},
): LocationDescription | null {
  const { lat, lon } = point;
  if (typeof lat !== 'number' || typeof lon !== 'number' || !Number.isFinite(lat) || !Number.isFinite(lon))
    return null;
  const near = nearestLandmark({ lat, lon }, landmarks);
  if (!near || near.distanceM > (opts.maxM ?? MAX_LANDMARK_M)) return null;
  if (near.distanceM <= (opts.atM ?? AT_LANDMARK_M)) return { kind: 'at', landmark: near.landmark };
  return { kind: 'near', landmark: near.landmark, distanceM: roundDistanceM(near.distanceM) };
}

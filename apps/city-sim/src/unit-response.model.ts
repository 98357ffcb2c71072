import type { UnitType } from '@ioc/contracts/unit.schema';
import { bearingDeg, destinationPoint, haversineM, type LatLon } from '@ioc/domain/geo';
import { hashKey, unitOf } from './keyed-noise.prng';

/** Nominal city driving speeds with lights and traffic, km/h (a leg varies them by ±15 %). */
const DRIVE_KMH: Record<UnitType, number> = {
  fire: 38,
  ambulance: 45,
  police: 42,
  traffic: 42,
  environment: 32,
  utility: 32,
};

/** One drive of a responding unit: from where it was to the incident, or back to its base. */
export interface Leg {
  from: LatLon;
  to: LatLon;
  /** Wall-clock start, epoch ms. */
  startMs: number;
  distanceM: number;
  /** The speed a tracker reports (km/h): plausible city speed, 32–52 km/h. */
  speedKmh: number;
  /** How many times faster than `speedKmh` the leg is driven (SIM_RESPONSE_SPEED, for tests and demos). */
  timeScale: number;
  /** Metres the path bows sideways at its middle (a street grid is not a straight line). */
  bowM: number;
}

export function planLeg(
  seed: number,
  unit: { id: string; type: UnitType },
  from: LatLon,
  to: LatLon,
  startMs: number,
  timeScale: number,
): Leg {
  const h = (k: string) => unitOf(hashKey(seed, unit.id, k, Math.floor(startMs / 1000)));
  const distanceM = haversineM(from, to);
  const speedKmh = DRIVE_KMH[unit.type] * (0.85 + 0.3 * h('speed'));
  const bowM = (h('bow') - 0.5) * 2 * Math.min(150, 0.1 * distanceM);
  return { from, to, startMs, distanceM, speedKmh, timeScale, bowM };
}

/** Real milliseconds the leg takes. */
export function legDurationMs(leg: Leg): number {
  return (leg.distanceM / ((leg.speedKmh / 3.6) * leg.timeScale)) * 1000;
}

export interface LegFix extends LatLon {
  speedKmh: number;
  heading: number;
  arrived: boolean;
}

/** Where the unit is at `nowMs` on its leg: along the bowed line at constant speed, then at the end. */
export function legPosition(leg: Leg, nowMs: number): LegFix {
  const total = legDurationMs(leg);
  const f = total <= 0 ? 1 : Math.min(1, Math.max(0, (nowMs - leg.startMs) / total));
  const heading = bearingDeg(leg.from, leg.to);
  if (f >= 1) return { ...leg.to, speedKmh: 0, heading, arrived: true };
  const along = destinationPoint(leg.from, heading, leg.distanceM * f);
  const side = destinationPoint(along, (heading + 90) % 360, leg.bowM * Math.sin(Math.PI * f));
  return { lat: side.lat, lon: side.lon, speedKmh: leg.speedKmh, heading, arrived: false };
}

/**
 * Unit status from its tracker (AVL, automatic vehicle location): a dispatched unit whose fix shows it
 * moving is en route; one whose fix is within the arrival radius of its incident is on scene. Only fixes
 * newer than the unit's last status change count, so an old fix near the scene does not fake an arrival.
 */
import type { UnitStatus } from '@ioc/contracts/unit.schema';
import { haversineM, type LatLon } from './geo';
import type { UnitProgress } from './unit-progress.transition';

/** Metres: a fire engine parks within a block of the address; GPS in a street canyon is off by ~10-30 m. */
export const DEFAULT_ARRIVAL_RADIUS_M = 80;
/** km/h: walking pace or GPS drift at a standstill stays below it. */
export const DEFAULT_MOVING_KMH = 8;

export interface AvlFix extends LatLon {
  /** km/h as the tracker reports it; null when it does not. */
  speedKmh: number | null;
}

export interface AvlOptions {
  arrivalRadiusM?: number;
  movingKmh?: number;
}

/** What the fix says the unit now is, or null when it says nothing new. */
export function avlProgress(
  status: UnitStatus,
  incident: LatLon,
  fix: AvlFix,
  options: AvlOptions = {},
): UnitProgress | null {
  if (status !== 'dispatched' && status !== 'en_route') return null;
  if (haversineM(incident, fix) <= (options.arrivalRadiusM ?? DEFAULT_ARRIVAL_RADIUS_M)) return 'on_scene';
  if (
    status === 'dispatched' &&
    fix.speedKmh !== null &&
    fix.speedKmh >= (options.movingKmh ?? DEFAULT_MOVING_KMH)
  )
    return 'en_route';
  return null;
}

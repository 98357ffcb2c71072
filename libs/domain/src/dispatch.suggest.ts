/**
 * Nearest available units for an incident by great-circle distance, with an ETA at a nominal speed per
 * unit type. Straight-line distance under-estimates road distance; operators read it as a ranking.
 */
import type { Unit, UnitType } from '@ioc/contracts/unit.schema';
import { haversineM, type LatLon } from './geo';

/** km/h; a city-centre average with lights and traffic, not a top speed. */
export const DEFAULT_UNIT_SPEED_KMH = 40;

export interface DispatchSuggestOptions {
  /** Only these unit types; absent or empty: all. */
  types?: readonly UnitType[];
  /** Per-type nominal speed, km/h; others use `defaultSpeedKmh`. */
  speedsKmh?: Partial<Record<UnitType, number>>;
  defaultSpeedKmh?: number;
  /** Never suggest these (e.g. already dispatched to this incident). */
  excludeIds?: readonly string[];
  /** At most this many suggestions. */
  limit?: number;
}

export interface UnitSuggestion<U extends Unit = Unit> {
  unit: U;
  distanceM: number;
  /** Whole seconds, rounded up. */
  etaS: number;
}

/**
 * Available units with a known position, nearest first; ties keep a stable order by unit id so the
 * same situation always lists the same units.
 */
export function suggestUnits<U extends Unit>(
  incident: LatLon,
  units: readonly U[],
  options: DispatchSuggestOptions = {},
): UnitSuggestion<U>[] {
  const types = options.types?.length ? new Set(options.types) : null;
  const excluded = new Set(options.excludeIds ?? []);
  const suggestions: UnitSuggestion<U>[] = [];
  for (const unit of units) {
    if (unit.status !== 'available' || unit.lat === null || unit.lon === null) continue;
    if (excluded.has(unit.id) || (types && !types.has(unit.type))) continue;
    const distanceM = haversineM(incident, { lat: unit.lat, lon: unit.lon });
    suggestions.push({ unit, distanceM, etaS: etaSeconds(distanceM, speedFor(unit.type, options)) });
  }
  suggestions.sort(
    (a, b) => a.distanceM - b.distanceM || (a.unit.id < b.unit.id ? -1 : a.unit.id > b.unit.id ? 1 : 0),
  );
  return options.limit !== undefined ? suggestions.slice(0, options.limit) : suggestions;
}

function speedFor(type: UnitType, options: DispatchSuggestOptions): number {
  return options.speedsKmh?.[type] ?? options.defaultSpeedKmh ?? DEFAULT_UNIT_SPEED_KMH;
}

/** Seconds to cover `distanceM` at `speedKmh`, rounded up. */
export function etaSeconds(distanceM: number, speedKmh: number): number {
  if (!(speedKmh > 0)) throw new RangeError('unit speed must be positive');
  return Math.max(0, Math.ceil(distanceM / (speedKmh / 3.6) - 1e-9));
}

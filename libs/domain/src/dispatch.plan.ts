/**
 * The dispatch proposal: given what an incident needs and every unit with its distance, the nearest
 * available unit(s) of each needed type are proposed; every other available unit is listed, never
 * proposed. Units already working the incident count against its needs.
 */
import type { DispatchCandidate, UnitNeed } from '@ioc/contracts/dispatch-plan.dto';
import type { Unit, UnitType } from '@ioc/contracts/unit.schema';
import { suggestUnits, type DispatchSuggestOptions } from './dispatch.suggest';
import type { LatLon } from './geo';

export interface DispatchPlanResult {
  /** Every available unit with a position (fix or base), nearest first. */
  candidates: DispatchCandidate[];
  /** Needs the available units cannot cover, with the missing count. */
  unmet: UnitNeed[];
  /** Units working the incident now, counted per type. */
  working: UnitNeed[];
}

export function planDispatch(
  incident: LatLon,
  needs: readonly UnitNeed[],
  units: readonly Unit[],
  options: Pick<DispatchSuggestOptions, 'speedsKmh' | 'defaultSpeedKmh'> & { incidentId?: string } = {},
): DispatchPlanResult {
  const workingCount = new Map<UnitType, number>();
  if (options.incidentId)
    for (const u of units)
      if (u.incidentId === options.incidentId) workingCount.set(u.type, (workingCount.get(u.type) ?? 0) + 1);
  const ranked = suggestUnits(incident, units, options);
  const proposed = new Set<string>();
  const unmet: UnitNeed[] = [];
  for (const need of mergeNeeds(needs)) {
    let missing = need.count - (workingCount.get(need.type) ?? 0);
    for (const s of ranked) {
      if (missing <= 0) break;
      if (s.unit.type !== need.type || proposed.has(s.unit.id)) continue;
      proposed.add(s.unit.id);
      missing--;
    }
    if (missing > 0) unmet.push({ type: need.type, count: missing });
  }
  return {
    candidates: ranked.map((s) => ({
      unit: s.unit,
      distanceM: s.distanceM,
      etaS: s.etaS,
      proposed: proposed.has(s.unit.id),
      atBase: s.unit.atBase === true,
    })),
    unmet,
    working: [...workingCount].map(([type, count]) => ({ type, count })),
  };
}

/** One entry per type, first-seen order kept (a table listing a type twice adds the counts). */
export function mergeNeeds(needs: readonly UnitNeed[]): UnitNeed[] {
  const out: UnitNeed[] = [];
  for (const need of needs) {
    const same = out.find((o) => o.type === need.type);
    if (same) same.count += need.count;
    else out.push({ ...need });
  }
  return out;
}

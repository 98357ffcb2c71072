import type { DispatchCandidate, DispatchPlan, UnitNeed } from '@ioc/contracts/dispatch-plan.dto';
import type { UnitType } from '@ioc/contracts/unit.schema';

export interface DispatchRows {
  /** The pre-ticked set, in the order of the needs (a fire's engines first), nearest first within a type. */
  proposed: DispatchCandidate[];
  /** Every other available unit by type: needed types first, then by their nearest unit. */
  groups: { type: UnitType; units: DispatchCandidate[] }[];
}

/** How the dispatch dialog lays the plan out (the server sends every candidate nearest first). */
export function arrangeCandidates(plan: Pick<DispatchPlan, 'needs' | 'candidates'>): DispatchRows {
  const needOrder = new Map(plan.needs.map((n, i) => [n.type, i]));
  const rank = (t: UnitType) => needOrder.get(t) ?? Infinity;
  const proposed = plan.candidates
    .filter((c) => c.proposed)
    .sort((a, b) => rank(a.unit.type) - rank(b.unit.type) || a.distanceM - b.distanceM);
  const byType = new Map<UnitType, DispatchCandidate[]>();
  for (const c of plan.candidates) {
    if (c.proposed) continue;
    byType.set(c.unit.type, [...(byType.get(c.unit.type) ?? []), c]);
  }
  const groups = [...byType].map(([type, units]) => ({ type, units }));
  groups.sort((a, b) => rank(a.type) - rank(b.type) || a.units[0].distanceM - b.units[0].distanceM);
  return { proposed, groups };
}

/** "2 xe chữa cháy, 1 xe cứu thương, 1 CSGT" with the caller's noun for each type. */
export function needsText(needs: readonly UnitNeed[], item: (need: UnitNeed) => string): string {
  return needs.map(item).join(', ');
}

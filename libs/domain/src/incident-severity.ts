/** CAP 1.2 severities ordered; "Unknown" ranks lowest so any known severity replaces it. */
import type { CapSeverity } from '@ioc/contracts/incident.schema';

const RANK: Readonly<Record<CapSeverity, number>> = {
  Unknown: 0,
  Minor: 1,
  Moderate: 2,
  Severe: 3,
  Extreme: 4,
};

export function severityRank(s: CapSeverity): number {
  return RANK[s];
}

/** True when `candidate` is more severe than `current` (evidence raises an incident's severity). */
export function isMoreSevere(candidate: CapSeverity, current: CapSeverity): boolean {
  return RANK[candidate] > RANK[current];
}

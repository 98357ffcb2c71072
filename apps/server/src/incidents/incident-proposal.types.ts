import type { CapCertainty, CapSeverity, CapUrgency, IncidentCategory } from '@ioc/contracts/incident.schema';

/** What kind of thing a piece of evidence is; `ref` points at its row or source id. */
export type EvidenceKind =
  'reading' | 'aqi' | 'flood_level' | 'camera_event' | 'device_offline' | 'fiware_alert' | 'citizen_report';

/**
 * What the rules engine hands the incidents service: open a new incident, or — when an open incident
 * has the same `key`, or one of a compatible category lies within R metres and T minutes — attach this
 * as evidence to it (raising its severity if this one is higher).
 */
export interface IncidentProposal {
  /** Stable identity of the condition, e.g. `threshold:pm25-high:aq-03`: one open incident per key. */
  key: string;
  /** Rule id (or signal kind) that raised it; stored as the incident's `source`. */
  ruleId: string;
  category: IncidentCategory;
  subCategory?: string | null;
  severity: CapSeverity;
  urgency?: CapUrgency;
  certainty?: CapCertainty;
  title: { vi: string; en: string };
  description: string;
  lat: number | null;
  lon: number | null;
  /** Ward id; the service derives it from lat/lon when absent. */
  ward?: string | null;
  /** UTC ISO time of the signal (event time, not processing time). */
  time: string;
  evidence: { kind: EvidenceKind; ref: string; data: Record<string, unknown> };
}

export interface RaiseResult {
  incidentId: string;
  /** A new incident was opened. */
  created: boolean;
  /** The proposal was attached to an existing incident as evidence (by key or by correlation). */
  attached: boolean;
}

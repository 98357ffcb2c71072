import type { IncidentCommand, IncidentEvent, Incident } from './incident.schema';
import type { Unit } from './unit.schema';

/** One signal attached to an incident. */
export interface IncidentEvidence {
  id: number;
  time: string;
  addedAt: string;
  kind: string;
  ref: string;
  ruleId: string;
  category: string;
  severity: string;
  title: string;
  titleEn: string | null;
  description: string;
  lat: number | null;
  lon: number | null;
  /** opened: the signal that opened it; key: same condition; correlated: within R metres / T minutes. */
  matchedBy: 'opened' | 'key' | 'correlated';
  distanceM: number | null;
  data: Record<string, unknown>;
}

export interface SopItemState {
  id: string;
  vi: string;
  en: string;
  ticked: boolean;
  by: string | null;
  at: string | null;
}

export interface SopState {
  items: SopItemState[];
  done: number;
  total: number;
  complete: boolean;
}

export type SlaStageName = 'ack' | 'dispatch' | 'resolve';

export interface SlaStageView {
  state: 'pending' | 'overdue' | 'met' | 'breached' | 'not_applicable';
  targetS: number;
  deadline: string;
  elapsedS: number | null;
  remainingS: number | null;
  escalated: boolean;
}

export interface SlaView {
  stages: Record<SlaStageName, SlaStageView>;
  overdue: boolean;
  nextDeadline: string | null;
}

/** GET /api/incidents/:id */
export interface IncidentDetail extends Incident {
  key: string;
  wardName: string | null;
  evidence: IncidentEvidence[];
  /** Audit trail, oldest first. */
  timeline: (IncidentEvent & { id: number })[];
  sop: SopState;
  sla: SlaView;
  /** Units working it now. */
  units: Unit[];
  allowedCommands: IncidentCommand[];
}

/** GET /api/incidents */
export interface IncidentList {
  items: Incident[];
  total: number;
  limit: number;
  offset: number;
}

/** GET /api/incidents/:id/nearest-units */
export interface NearestUnit {
  unit: Unit;
  distanceM: number;
  etaS: number;
}

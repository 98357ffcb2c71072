import type { City } from '@ioc/contracts/city.schema';
import type { CapSeverity, Incident, IncidentCategory, IncidentStatus } from '@ioc/contracts/incident.schema';
import { matchesSearch } from '@ioc/domain/fold-diacritics';
import { severityRank } from '@ioc/domain/incident-severity';
import { NON_TERMINAL_INCIDENT_STATUSES } from '@ioc/domain/incident.state-machine';
import { slaState } from '@ioc/domain/sla';

export interface QueueFilter {
  status: IncidentStatus | 'all';
  category: IncidentCategory | 'all';
  ward: string | 'all';
  query: string;
}

export const DEFAULT_QUEUE_FILTER: QueueFilter = { status: 'all', category: 'all', ward: 'all', query: '' };

export interface QueueRow {
  incident: Incident;
  wardName: string | null;
  /** Seconds to the next SLA deadline still running (negative = overdue); null when none runs. */
  slaRemainingS: number | null;
  overdue: boolean;
}

/** Statuses the queue lists (a resolved incident waits for a supervisor to close it). */
const QUEUED = NON_TERMINAL_INCIDENT_STATUSES;

/**
 * SLA seen from the console. Targets are the domain defaults: the list API does not carry the city's
 * overrides, the detail view shows the server's own computation.
 */
export function slaRemaining(i: Incident, nowMs: number): { remainingS: number | null; overdue: boolean } {
  const s = slaState(i, nowMs);
  let remaining: number | null = null;
  for (const st of Object.values(s.stages)) {
    if ((st.state === 'pending' || st.state === 'overdue') && st.remainingS !== null)
      remaining = remaining === null ? st.remainingS : Math.min(remaining, st.remainingS);
  }
  return { remainingS: remaining, overdue: s.overdue || i.overdue };
}

/** Queue order: most severe first, then the nearest SLA deadline (overdue first), then oldest. */
export function buildQueue(
  incidents: Iterable<Incident>,
  city: City,
  filter: QueueFilter,
  nowMs: number,
): QueueRow[] {
  const wards = new Map(city.wards.map((w) => [w.id, w.name]));
  const rows: QueueRow[] = [];
  for (const incident of incidents) {
    if (!QUEUED.includes(incident.status)) continue;
    if (filter.status !== 'all' && incident.status !== filter.status) continue;
    if (filter.category !== 'all' && incident.category !== filter.category) continue;
    if (filter.ward !== 'all' && incident.ward !== filter.ward) continue;
    const wardName = incident.ward ? (wards.get(incident.ward) ?? incident.ward) : null;
    if (
      filter.query &&
      !matchesSearch(filter.query, [
        incident.title,
        incident.titleEn,
        incident.description,
        wardName,
        incident.id,
      ])
    )
      continue;
    const sla = slaRemaining(incident, nowMs);
    rows.push({ incident, wardName, slaRemainingS: sla.remainingS, overdue: sla.overdue });
  }
  return rows.sort(
    (a, b) =>
      severityRank(b.incident.severity) - severityRank(a.incident.severity) ||
      (a.slaRemainingS ?? Infinity) - (b.slaRemainingS ?? Infinity) ||
      a.incident.openedAt.localeCompare(b.incident.openedAt),
  );
}

/** Severities that sound the alert tone when a new incident opens. */
export function isAlarming(severity: CapSeverity): boolean {
  return severity === 'Extreme' || severity === 'Severe';
}

/** "mm:ss" or "h:mm:ss"; negative durations get a leading minus (overdue). */
export function formatCountdown(seconds: number): string {
  const neg = seconds < 0;
  const s = Math.floor(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${neg ? '−' : ''}${h ? `${h}:${pad(m)}` : m}:${pad(sec)}`;
}

export const SEVERITY_COLORS: Record<CapSeverity, string> = {
  Extreme: '#dc2626',
  Severe: '#f97316',
  Moderate: '#facc15',
  Minor: '#38bdf8',
  Unknown: '#94a3b8',
};

import type { CitizenReportStatus } from '@ioc/contracts/citizen.dto';
import type { IncidentStatus } from '@ioc/contracts/incident.schema';
import type { UnitType } from '@ioc/contracts/unit.schema';

/**
 * Which unit types act on an SOP item, by its stable id (libs/domain sop.checklists and city configs
 * reusing the ids). Items not listed are the centre's own (verify, inform the supervisor, close) and are
 * not shown on a unit's phone; items listed with `*` concern every unit on scene.
 */
const SOP_UNIT_TYPES: Readonly<Record<string, readonly UnitType[] | '*'>> = Object.freeze<
  Record<string, readonly UnitType[] | '*'>
>({
  'call-114': ['fire'],
  'call-115': ['ambulance'],
  'call-113': ['police', 'traffic'],
  'cut-power': ['utility', 'fire'],
  'traffic-control': ['traffic', 'police'],
  divert: ['traffic', 'police'],
  'warn-residents': ['police', 'environment', 'utility'],
  'close-roads': ['traffic', 'police', 'utility'],
  evacuate: '*',
  'find-source': ['environment'],
  'check-station': ['environment'],
  'track-camera': ['police'],
  'keep-evidence': ['police'],
});

/** The SOP items a unit of `type` acts on, in checklist order. */
export function sopItemsForUnit<T extends { id: string }>(items: readonly T[], type: UnitType): T[] {
  return items.filter((i) => {
    const types = SOP_UNIT_TYPES[i.id];
    return types === '*' || (types !== undefined && types.includes(type));
  });
}

/** The audit rows `openBackupRequests` reads (an incident's timeline). */
export interface BackupTimelineRow {
  action: string;
  time: string;
  data: Record<string, unknown> | null;
}

/**
 * Units whose "need backup" is still open: a backup request (unit_status with `backup: true`) later than
 * the incident's last dispatch (sending more units answers it), from a unit still working the incident.
 */
export function openBackupRequests(
  timeline: readonly BackupTimelineRow[],
  workingUnitIds: readonly string[],
): string[] {
  let lastDispatch = -Infinity;
  for (const r of timeline)
    if (r.action === 'dispatch') lastDispatch = Math.max(lastDispatch, Date.parse(r.time));
  const open = new Set<string>();
  for (const r of timeline) {
    if (r.action !== 'unit_status' || r.data?.['backup'] !== true) continue;
    const unitId = r.data['unitId'];
    if (typeof unitId === 'string' && Date.parse(r.time) > lastDispatch && workingUnitIds.includes(unitId))
      open.add(unitId);
  }
  return [...open].sort();
}

/**
 * What a citizen's status page says: received until an operator takes it up, in progress while it is
 * worked, resolved once resolved or closed; closed (not taken up) when cancelled or marked spam.
 */
export function citizenReportStatus(
  incidentStatus: IncidentStatus | null,
  spam: boolean,
): CitizenReportStatus {
  if (spam || incidentStatus === 'cancelled') return 'closed';
  switch (incidentStatus) {
    case null:
    case 'new':
      return 'received';
    case 'resolved':
    case 'closed':
      return 'resolved';
    default:
      return 'in_progress';
  }
}

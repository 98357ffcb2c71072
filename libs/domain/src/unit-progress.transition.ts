/**
 * A unit working an incident reports progress (en route, on scene); the incident follows through the
 * one state machine. The first unit on its way moves the incident to en_route, the first on scene to
 * on_scene; later units move only themselves. Units never report backwards.
 */
import type { IncidentCommand, IncidentStatus } from '@ioc/contracts/incident.schema';
import type { UnitStatus } from '@ioc/contracts/unit.schema';
import { isOpenStatus, transition } from './incident.state-machine';

export type UnitProgress = 'en_route' | 'on_scene';

const STAGE: Readonly<Record<string, number>> = { dispatched: 0, en_route: 1, on_scene: 2 };

export type UnitProgressResult =
  | {
      ok: true;
      /** The incident command this report amounts to; null when the incident is already that far. */
      incidentCommand: Extract<IncidentCommand, UnitProgress> | null;
      incidentTo: IncidentStatus;
    }
  | { ok: false; reason: string; allowedUnitStatuses: UnitProgress[] };

/** What the unit may report next from its current status. */
export function nextUnitProgress(unitStatus: UnitStatus): UnitProgress[] {
  const stage = STAGE[unitStatus];
  if (stage === undefined) return [];
  return (['en_route', 'on_scene'] as const).filter((s) => STAGE[s] > stage);
}

export function unitProgress(
  incidentStatus: IncidentStatus,
  unitStatus: UnitStatus,
  reported: UnitProgress,
): UnitProgressResult {
  const allowedUnitStatuses = nextUnitProgress(unitStatus);
  if (!allowedUnitStatuses.includes(reported))
    return { ok: false, reason: `unit is ${unitStatus}, cannot report ${reported}`, allowedUnitStatuses };
  const t = transition(incidentStatus, reported);
  if (t.ok) return { ok: true, incidentCommand: reported, incidentTo: t.to };
  const incidentStage = STAGE[incidentStatus];
  if (isOpenStatus(incidentStatus) && incidentStage !== undefined && incidentStage >= STAGE[reported])
    return { ok: true, incidentCommand: null, incidentTo: incidentStatus };
  return { ok: false, reason: `incident is ${incidentStatus}`, allowedUnitStatuses };
}

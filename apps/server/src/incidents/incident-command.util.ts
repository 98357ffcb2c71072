import type { AuthUser } from '@ioc/contracts/auth.schema';
import type { IncidentCommand, IncidentEventAction } from '@ioc/contracts/incident.schema';
import { allowedCommands, transition } from '@ioc/domain/incident.state-machine';
import { conflict, notFound } from '../common/http/api.errors';
import type { IncidentsTx, StoredIncident } from './incidents.repository';

/**
 * The steps every incident command shares, for the command services outside IncidentsService (reopen,
 * re-triage, merge): lock the row, ask the state machine, write the one audit row and queue the live event.
 */

/** Locks the incident; 404 when unknown, 409 `{ status, allowed }` when the state machine refuses. */
export async function lockForCommand(
  t: IncidentsTx,
  id: string,
  command: IncidentCommand,
): Promise<StoredIncident> {
  const incident = await t.lockIncident(id);
  if (!incident) throw notFound(`incident ${id} not found`);
  if (!transition(incident.status, command).ok)
    throw conflict(`cannot ${command} an incident that is ${incident.status}`, {
      status: incident.status,
      allowed: allowedCommands(incident.status),
    });
  return incident;
}

/** 409 for a command the state machine allows but the situation does not; `reason` says which. */
export function refused(incident: StoredIncident, reason: string, message: string, extra = {}) {
  return conflict(message, {
    reason,
    status: incident.status,
    allowed: allowedCommands(incident.status),
    ...extra,
  });
}

/** The audit row (acting user, status before/after, note, data) and the live event of one change. */
export async function recordCommand(
  t: IncidentsTx,
  user: AuthUser,
  action: IncidentEventAction,
  before: StoredIncident,
  updated: StoredIncident,
  now: string,
  note: string | null,
  data: Record<string, unknown> | null,
): Promise<StoredIncident> {
  await t.audit({
    incidentId: updated.id,
    actor: user.username,
    time: now,
    action,
    from: before.status,
    to: updated.status,
    note,
    data,
  });
  t.emitIncident(action, updated);
  return updated;
}

import {
  FieldAssignmentSchema,
  FieldPositionAcceptedSchema,
  TrackerSecretResultSchema,
  type FieldAssignment,
  type FieldPositionBody,
  type FieldStatus,
  type TrackerSecretResult,
} from '@ioc/contracts/field.dto';
import { getJson, sendJson } from './http.client';

/** The responder's own unit and its current incident. */
export function loadAssignment(signal?: AbortSignal): Promise<FieldAssignment> {
  return getJson('/api/field/assignment', FieldAssignmentSchema, signal);
}

export function sendFieldStatus(status: FieldStatus): Promise<FieldAssignment> {
  return sendJson('POST', '/api/field/status', { status }, FieldAssignmentSchema);
}

export async function sendFieldPosition(p: FieldPositionBody): Promise<void> {
  await sendJson('POST', '/api/field/position', p, FieldPositionAcceptedSchema);
}

/** Admin: a new OwnTracks HTTP secret for the unit (shown once). */
export function rotateTrackerSecret(unitId: string): Promise<TrackerSecretResult> {
  return sendJson(
    'POST',
    `/api/units/${encodeURIComponent(unitId)}/tracker-secret`,
    {},
    TrackerSecretResultSchema,
  );
}

import { DispatchPlanSchema, type DispatchPlan } from '@ioc/contracts/dispatch-plan.dto';
import {
  IncidentDetailSchema,
  IncidentListSchema,
  NearestUnitSchema,
  type IncidentDetail,
  type NearestUnit,
} from '@ioc/contracts/incident-detail.dto';
import type { RetriageBody } from '@ioc/contracts/incident-command.dto';
import type { Incident } from '@ioc/contracts/incident.schema';
import { NON_TERMINAL_INCIDENT_STATUSES } from '@ioc/domain/incident.state-machine';
import { UnitSchema, type Unit } from '@ioc/contracts/unit.schema';
import { z } from 'zod';
import { getJson, sendJson } from './http.client';

const NearestUnitsSchema = z.array(NearestUnitSchema);

/** Incidents still worked on (the queue's snapshot; ended incidents leave it). */
export async function loadActiveIncidents(signal?: AbortSignal): Promise<Incident[]> {
  const q = new URLSearchParams({ status: NON_TERMINAL_INCIDENT_STATUSES.join(','), limit: '1000' });
  return (await getJson(`/api/incidents?${q}`, IncidentListSchema, signal)).items;
}

export function loadIncident(id: string, signal?: AbortSignal): Promise<IncidentDetail> {
  return getJson(`/api/incidents/${encodeURIComponent(id)}`, IncidentDetailSchema, signal);
}

/** Every available unit nearest first, with the proposed set (no cap). */
export function loadNearestUnits(id: string, signal?: AbortSignal): Promise<NearestUnit[]> {
  return getJson(`/api/incidents/${encodeURIComponent(id)}/nearest-units`, NearestUnitsSchema, signal);
}

/** What the incident needs and the proposal (dispatch dialog). */
export function loadDispatchPlan(id: string, signal?: AbortSignal): Promise<DispatchPlan> {
  return getJson(`/api/incidents/${encodeURIComponent(id)}/dispatch-plan`, DispatchPlanSchema, signal);
}

/** A unit working an incident: en route, on scene, or released (available). */
export function reportUnitStatus(
  incidentId: string,
  unitId: string,
  status: 'en_route' | 'on_scene' | 'available',
): Promise<IncidentDetail> {
  return sendJson(
    'POST',
    `/api/incidents/${encodeURIComponent(incidentId)}/unit-status`,
    { unitId, status },
    IncidentDetailSchema,
  );
}

/** An idle unit off duty or back in service. */
export function setUnitAvailability(unitId: string, status: 'available' | 'off_duty'): Promise<Unit> {
  return sendJson('POST', `/api/units/${encodeURIComponent(unitId)}/status`, { status }, UnitSchema);
}

export function loadUnits(signal?: AbortSignal): Promise<Unit[]> {
  return getJson('/api/units', z.array(UnitSchema), signal);
}

export type IncidentAction =
  | 'ack'
  | 'assign'
  | 'dispatch'
  | 'resolve'
  | 'close'
  | 'cancel'
  | 'reopen'
  | 'merge'
  | 'comments'
  | `sop/${string}`;

/** Runs a command; the answer is the incident's new detail. */
export function runIncidentCommand(
  id: string,
  action: IncidentAction,
  body: Record<string, unknown> = {},
): Promise<IncidentDetail> {
  const path = `/api/incidents/${encodeURIComponent(id)}/${action
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;
  return sendJson('POST', path, body, IncidentDetailSchema);
}

/** Re-triage (PATCH /api/incidents/:id): severity, category, titles, with a note. */
export function retriageIncident(id: string, body: RetriageBody): Promise<IncidentDetail> {
  return sendJson('PATCH', `/api/incidents/${encodeURIComponent(id)}`, body, IncidentDetailSchema);
}

const SeriesSchema = z.object({
  points: z.array(z.object({ t: z.string(), avg: z.number().nullable(), max: z.number().nullable() })),
});
export type SeriesPoint = z.infer<typeof SeriesSchema>['points'][number];

/** A metric's rollups between two instants (`bucket` like 1m, 1h). */
export async function loadSeries(
  deviceId: string,
  metric: string,
  from: string,
  to: string,
  bucket: string,
  signal?: AbortSignal,
): Promise<SeriesPoint[]> {
  const q = new URLSearchParams({ metric, from, to, bucket });
  return (await getJson(`/api/devices/${encodeURIComponent(deviceId)}/readings?${q}`, SeriesSchema, signal))
    .points;
}

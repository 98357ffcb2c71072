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

export function loadNearestUnits(id: string, signal?: AbortSignal): Promise<NearestUnit[]> {
  return getJson(
    `/api/incidents/${encodeURIComponent(id)}/nearest-units?limit=5`,
    NearestUnitsSchema,
    signal,
  );
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

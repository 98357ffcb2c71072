import { z } from 'zod';
import { CameraEventPhaseSchema } from './camera-event.schema';
import { IncidentEventActionSchema, IncidentSchema } from './incident.schema';
import { UnitStatusSchema } from './unit.schema';
import { UtcTimeSchema } from './utc-time.schema';

/**
 * Durable live events: one `live_events` row each, written in the transaction of the change, numbered by
 * a strictly increasing `seq` (the live feed replays by seq after a reconnect).
 */
export const LiveEventKindSchema = z.enum(['incident', 'unit', 'camera_event']);
export type LiveEventKind = z.infer<typeof LiveEventKindSchema>;

/** Incident changes carry the incident as it is after the change; `op` is the audit action. */
export const IncidentLivePayloadSchema = IncidentSchema;

/** Unit changes: status and assignment (positions travel with the sensor-style deltas, not here). */
export const UnitLivePayloadSchema = z.object({
  id: z.string(),
  status: UnitStatusSchema,
  incidentId: z.string().nullable(),
  updatedAt: UtcTimeSchema,
});
export type UnitLivePayload = z.infer<typeof UnitLivePayloadSchema>;

/** Camera events as stored after the upsert; `op` is Frigate's phase (new/update/end). */
export const CameraEventLivePayloadSchema = z.object({
  id: z.string(),
  camera: z.string(),
  label: z.string(),
  subLabel: z.string().nullable(),
  phase: CameraEventPhaseSchema,
  score: z.number().nullable(),
  topScore: z.number().nullable(),
  zones: z.array(z.string()),
  startTime: UtcTimeSchema,
  endTime: UtcTimeSchema.nullable(),
  falsePositive: z.boolean(),
  plate: z.string().nullable(),
});
export type CameraEventLivePayload = z.infer<typeof CameraEventLivePayloadSchema>;

const base = { seq: z.number().int().positive(), time: UtcTimeSchema, entityId: z.string() };

export const LiveEventSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('incident'),
    op: IncidentEventActionSchema,
    payload: IncidentLivePayloadSchema,
  }),
  z.object({ ...base, kind: z.literal('unit'), op: z.literal('status'), payload: UnitLivePayloadSchema }),
  z.object({
    ...base,
    kind: z.literal('camera_event'),
    op: CameraEventPhaseSchema,
    payload: CameraEventLivePayloadSchema,
  }),
]);
export type LiveEvent = z.infer<typeof LiveEventSchema>;

/** What a writer appends (seq and time are assigned by the database). */
export type LiveEventInput = Omit<LiveEvent, 'seq' | 'time'>;

/** PostgreSQL NOTIFY channel woken on every append; the payload is the highest new seq. */
export const LIVE_EVENTS_CHANNEL = 'live_events';

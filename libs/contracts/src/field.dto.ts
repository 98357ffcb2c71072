import { z } from 'zod';
import { CapSeveritySchema, IncidentCategorySchema, IncidentStatusSchema } from './incident.schema';
import { UnitSchema } from './unit.schema';
import { UtcTimeSchema } from './utc-time.schema';

/**
 * The field view of a responder's phone (`/api/field/*`): only the caller's own unit, its current
 * incident and what the operators wrote for it. Nothing else of the centre is reachable from there.
 */
export const FieldIncidentSchema = z.object({
  id: z.string(),
  status: IncidentStatusSchema,
  category: IncidentCategorySchema,
  severity: CapSeveritySchema,
  title: z.string(),
  titleEn: z.string().nullable(),
  description: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  wardName: z.string().nullable(),
  openedAt: UtcTimeSchema,
  /** Operators' comments (the timeline's `comment` rows), oldest first. */
  notes: z.array(z.object({ actor: z.string(), time: UtcTimeSchema, text: z.string() })),
  /** The SOP items that concern this unit's type (libs/domain sop.unit-items). */
  sop: z.array(z.object({ id: z.string(), vi: z.string(), en: z.string(), ticked: z.boolean() })),
  /** True while this unit's backup request is open (raised and the unit still works the incident). */
  backupRequested: z.boolean(),
});
export type FieldIncident = z.infer<typeof FieldIncidentSchema>;

export const FieldAssignmentSchema = z.object({
  unit: UnitSchema,
  /** Null when the unit works no incident. */
  incident: FieldIncidentSchema.nullable(),
  /** How often the phone sends its position while on duty (FIELD_POSITION_INTERVAL_S …). */
  tracking: z.object({
    intervalS: z.number().positive(),
    /** Sooner when moving at least `fastKmh`. */
    fastIntervalS: z.number().positive(),
    fastKmh: z.number().nonnegative(),
  }),
});
export type FieldAssignment = z.infer<typeof FieldAssignmentSchema>;

/** The buttons of the field view. `done`: finished on scene, the unit is released back into service. */
export const FieldStatusSchema = z.enum([
  'en_route',
  'on_scene',
  'need_backup',
  'done',
  'available',
  'off_duty',
]);
export type FieldStatus = z.infer<typeof FieldStatusSchema>;

const unitId = z.string().trim().min(1).max(200);

export const FieldStatusBodySchema = z
  .object({
    status: FieldStatusSchema,
    note: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
    /** Optional; when given it must be the caller's own unit (403 otherwise). */
    unitId: unitId.optional(),
  })
  .strict();
export type FieldStatusBody = z.infer<typeof FieldStatusBodySchema>;

/** One fix of the phone (navigator.geolocation), checked against the server clock like any tracker's. */
export const FieldPositionBodySchema = z
  .object({
    lat: z.number({ error: 'is required (a number)' }).min(-90).max(90),
    lon: z.number({ error: 'is required (a number)' }).min(-180).max(180),
    /** When the phone took the fix (UTC ISO 8601); no later than the server clock allows. */
    time: UtcTimeSchema,
    accuracy: z.number().nonnegative().max(100_000).nullable().optional(),
    /** km/h. */
    speed: z.number().nonnegative().max(1000).nullable().optional(),
    heading: z.number().min(0).max(360).nullable().optional(),
    battery: z.number().min(0).max(100).nullable().optional(),
    unitId: unitId.optional(),
  })
  .strict();
export type FieldPositionBody = z.infer<typeof FieldPositionBodySchema>;

export const FieldPositionAcceptedSchema = z.object({ stored: z.boolean() });

/** Admin: set a unit's OwnTracks HTTP secret, or let the server generate one (shown once). */
export const TrackerSecretBodySchema = z
  .object({ secret: z.string().min(16, 'must be at least 16 characters').max(200).optional() })
  .strict();
export const TrackerSecretResultSchema = z.object({
  unitId: z.string(),
  /** The HTTP Basic user name the OwnTracks app sends (the unit id). */
  username: z.string(),
  /** The secret in clear: only in this answer, stored hashed. */
  secret: z.string(),
});
export type TrackerSecretResult = z.infer<typeof TrackerSecretResultSchema>;

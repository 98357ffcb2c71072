import { z } from 'zod';
import { DispatchCandidateSchema } from './dispatch-plan.dto';
import { IncidentCommandSchema, IncidentEventSchema, IncidentSchema } from './incident.schema';
import { UnitSchema } from './unit.schema';
import { UtcTimeSchema } from './utc-time.schema';

/** One signal attached to an incident. */
export const IncidentEvidenceSchema = z.object({
  id: z.number().int(),
  time: UtcTimeSchema,
  addedAt: UtcTimeSchema,
  kind: z.string(),
  ref: z.string(),
  ruleId: z.string(),
  category: z.string(),
  severity: z.string(),
  title: z.string(),
  titleEn: z.string().nullable(),
  description: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  /** opened: the signal that opened it; key: same condition; correlated: within R metres / T minutes. */
  matchedBy: z.enum(['opened', 'key', 'correlated']),
  distanceM: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type IncidentEvidence = z.infer<typeof IncidentEvidenceSchema>;

export const SopItemStateSchema = z.object({
  id: z.string(),
  vi: z.string(),
  en: z.string(),
  ticked: z.boolean(),
  by: z.string().nullable(),
  at: UtcTimeSchema.nullable(),
});
export type SopItemState = z.infer<typeof SopItemStateSchema>;

export const SopStateSchema = z.object({
  items: z.array(SopItemStateSchema),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  complete: z.boolean(),
});
export type SopState = z.infer<typeof SopStateSchema>;

export const SlaStageNameSchema = z.enum(['ack', 'dispatch', 'resolve']);
export type SlaStageName = z.infer<typeof SlaStageNameSchema>;

export const SlaStageViewSchema = z.object({
  state: z.enum(['pending', 'overdue', 'met', 'breached', 'not_applicable']),
  targetS: z.number(),
  deadline: UtcTimeSchema,
  elapsedS: z.number().nullable(),
  remainingS: z.number().nullable(),
  escalated: z.boolean(),
});
export type SlaStageView = z.infer<typeof SlaStageViewSchema>;

export const SlaViewSchema = z.object({
  stages: z.object({ ack: SlaStageViewSchema, dispatch: SlaStageViewSchema, resolve: SlaStageViewSchema }),
  overdue: z.boolean(),
  nextDeadline: UtcTimeSchema.nullable(),
});
export type SlaView = z.infer<typeof SlaViewSchema>;

/** The earlier incident a new one is related to (same condition, resolved shortly before). */
export const RelatedIncidentSchema = IncidentSchema.pick({
  id: true,
  status: true,
  title: true,
  titleEn: true,
  resolvedAt: true,
  closedAt: true,
});
export type RelatedIncident = z.infer<typeof RelatedIncidentSchema>;

/** GET /api/incidents/:id */
export const IncidentDetailSchema = IncidentSchema.extend({
  key: z.string(),
  wardName: z.string().nullable(),
  evidence: z.array(IncidentEvidenceSchema),
  /** Audit trail, oldest first. */
  timeline: z.array(IncidentEventSchema.extend({ id: z.number().int() })),
  sop: SopStateSchema,
  sla: SlaViewSchema,
  /** Units working it now. */
  units: z.array(UnitSchema),
  allowedCommands: z.array(IncidentCommandSchema),
  /** `relatedIncidentId`'s incident as it is now (null without one). */
  related: RelatedIncidentSchema.nullable(),
});
export type IncidentDetail = z.infer<typeof IncidentDetailSchema>;

/** GET /api/incidents */
export const IncidentListSchema = z.object({
  items: z.array(IncidentSchema),
  total: z.number().int().nonnegative(),
  limit: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
});
export type IncidentList = z.infer<typeof IncidentListSchema>;

/** GET /api/incidents/:id/nearest-units: the dispatch plan's candidates (unit, distanceM, etaS, proposed, atBase). */
export const NearestUnitSchema = DispatchCandidateSchema;
export type NearestUnit = z.infer<typeof NearestUnitSchema>;

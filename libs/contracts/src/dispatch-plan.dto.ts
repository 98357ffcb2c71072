import { z } from 'zod';
import { CapSeveritySchema } from './incident-signal.schema';
import { IncidentCategorySchema } from './incident.schema';
import { UnitSchema, UnitTypeSchema } from './unit.schema';

/** How many units of one type an incident of a category (and severity) needs (incidents.yaml `dispatch.needs`). */
export const UnitNeedSchema = z
  .object({ type: UnitTypeSchema, count: z.number().int().min(1).max(20) })
  .strict();
export type UnitNeed = z.infer<typeof UnitNeedSchema>;

/** One candidate unit for an incident: every available unit, nearest first. */
export const DispatchCandidateSchema = z.object({
  unit: UnitSchema,
  /** Straight-line distance from the unit (or its base) to the incident, metres. */
  distanceM: z.number(),
  /** Whole seconds at the type's nominal speed (incidents.yaml `dispatch.speedsKmh`). */
  etaS: z.number(),
  /** Part of the proposed set: the nearest available unit(s) of a type the incident needs. */
  proposed: z.boolean(),
  /** No tracker fix: the distance is measured from the unit's base. */
  atBase: z.boolean(),
});
export type DispatchCandidate = z.infer<typeof DispatchCandidateSchema>;

/** GET /api/incidents/:id/dispatch-plan */
export const DispatchPlanSchema = z.object({
  incidentId: z.string(),
  category: IncidentCategorySchema,
  severity: CapSeveritySchema,
  /** What the category/severity needs, in the order the dialog proposes them (most urgent type first). */
  needs: z.array(UnitNeedSchema),
  /** Needs no available unit can cover now (count = how many are missing). */
  unmet: z.array(UnitNeedSchema),
  /** Units already working this incident, per type (they count against the needs). */
  working: z.array(UnitNeedSchema),
  /** Every available unit, nearest first; `proposed` marks the pre-ticked set. */
  candidates: z.array(DispatchCandidateSchema),
});
export type DispatchPlan = z.infer<typeof DispatchPlanSchema>;

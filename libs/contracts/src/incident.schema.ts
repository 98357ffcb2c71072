import { z } from 'zod';
import { CapSeveritySchema } from './incident-signal.schema';
import { UtcTimeSchema } from './utc-time.schema';

/** Lifecycle states; transitions are validated by libs/domain incident.state-machine.ts. */
export const IncidentStatusSchema = z.enum([
  'new',
  'acknowledged',
  'dispatched',
  'en_route',
  'on_scene',
  'resolved',
  'closed',
  'cancelled',
]);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** CAP 1.2 <severity>; re-exported so incident code needs one import. */
export { CapSeveritySchema };
export type { CapSeverity } from './incident-signal.schema';

/** CAP 1.2 <urgency>. */
export const CapUrgencySchema = z.enum(['Immediate', 'Expected', 'Future', 'Past', 'Unknown']);
export type CapUrgency = z.infer<typeof CapUrgencySchema>;

/** CAP 1.2 <certainty> (the deprecated "Very Likely" is not accepted). */
export const CapCertaintySchema = z.enum(['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown']);
export type CapCertainty = z.infer<typeof CapCertaintySchema>;

export const IncidentCategorySchema = z.enum([
  'fire',
  'flood',
  'air_quality',
  'traffic',
  'security',
  'environment',
  'utility',
  'other',
]);
export type IncidentCategory = z.infer<typeof IncidentCategorySchema>;

/**
 * Operator commands. `comment`, `assign`, `tick_sop` and `retriage` never change the status; the others
 * move it (or are refused with the allowed list, REST 409). `reopen` takes a resolved incident back to
 * work; `merge` cancels a duplicate into another incident.
 */
export const IncidentCommandSchema = z.enum([
  'ack',
  'dispatch',
  'en_route',
  'on_scene',
  'resolve',
  'close',
  'cancel',
  'comment',
  'assign',
  'tick_sop',
  'reopen',
  'retriage',
  'merge',
]);
export type IncidentCommand = z.infer<typeof IncidentCommandSchema>;

/**
 * What an audit row records: every command, plus what the system does on its own, plus `merge_in` (the
 * target's side of a merge: it received the duplicate's evidence).
 */
export const IncidentEventActionSchema = z.enum([
  ...IncidentCommandSchema.options,
  'open',
  'attach_evidence',
  'escalate',
  'unit_status',
  'merge_in',
]);
export type IncidentEventAction = z.infer<typeof IncidentEventActionSchema>;

/** Who did it: a user id, or "system" for rules, correlation and SLA escalation. */
export const IncidentActorSchema = z.string().min(1).max(200);

/** One `incident_events` row (the audit trail). */
export const IncidentEventSchema = z.object({
  incidentId: z.string().min(1).max(100),
  actor: IncidentActorSchema,
  time: UtcTimeSchema,
  action: IncidentEventActionSchema,
  /** Status before and after; equal for actions that do not move it; null `from` on `open`. */
  from: IncidentStatusSchema.nullable(),
  to: IncidentStatusSchema.nullable(),
  note: z.string().max(4000).nullable(),
  /** Action details: unit ids for dispatch, SOP item id, evidence id, escalated SLA stage… */
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type IncidentEvent = z.infer<typeof IncidentEventSchema>;

export const IncidentSchema = z.object({
  id: z.string().min(1).max(100),
  status: IncidentStatusSchema,
  category: IncidentCategorySchema,
  subCategory: z.string().max(100).nullable(),
  severity: CapSeveritySchema,
  urgency: CapUrgencySchema,
  certainty: CapCertaintySchema,
  /** Vietnamese title (default UI language) and its English twin. */
  title: z.string().min(1).max(300),
  titleEn: z.string().max(300).nullable(),
  description: z.string().max(4000),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  ward: z.string().max(100).nullable(),
  /** Rule id or signal kind that opened it. */
  source: z.string().max(200),
  openedAt: UtcTimeSchema,
  updatedAt: UtcTimeSchema,
  /** Time of the latest signal attached as evidence; correlation measures its window from here. */
  lastSignalAt: UtcTimeSchema,
  acknowledgedAt: UtcTimeSchema.nullable(),
  dispatchedAt: UtcTimeSchema.nullable(),
  resolvedAt: UtcTimeSchema.nullable(),
  closedAt: UtcTimeSchema.nullable(),
  assignee: z.string().max(200).nullable(),
  unitIds: z.array(z.string().max(200)),
  evidenceCount: z.number().int().nonnegative(),
  /** Set by the SLA check when a target passed; never cleared by time alone (a re-triage recomputes it). */
  overdue: z.boolean(),
  /**
   * Opened by the same condition (key) shortly after this earlier incident was resolved
   * (`correlation.relinkWindowMin`): probably a recurrence the operator may merge or reopen.
   */
  relatedIncidentId: z.string().max(100).nullable(),
  /** Set when the incident was cancelled as a duplicate of another one (`merge`). */
  mergedInto: z.string().max(100).nullable(),
});
export type Incident = z.infer<typeof IncidentSchema>;

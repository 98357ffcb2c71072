import { z } from 'zod';
import { CapSeveritySchema, IncidentCategorySchema } from './incident.schema';

/**
 * Bodies of the incident lifecycle commands (POST /api/incidents/:id/<command>). Text is free but bounded;
 * the server answers 400 naming the first bad field.
 */
const note = z.string().trim().max(4000, 'must be at most 4000 characters');
/**
 * A note the command cannot go without (resolve, close, cancel, reopen, re-triage, merge): missing,
 * not a string or blank after trimming → 400 naming the field.
 */
const requiredNote = z
  .string({ error: 'is required (a non-blank text)' })
  .trim()
  .min(1, 'must not be blank')
  .max(4000, 'must be at most 4000 characters');
const incidentId = z
  .string({ error: 'is required (an incident id)' })
  .trim()
  .min(1, 'is required (an incident id)')
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'must be an incident id');
const unitId = z.string().min(1).max(200);

export const AckBodySchema = z.object({ note: note.optional() }).strict();
export const AssignBodySchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(100)
      .regex(/^[A-Za-z0-9._@-]+$/, 'must be a user name (letters, digits, . _ @ -)'),
    note: note.optional(),
  })
  .strict();
export const DispatchBodySchema = z
  .object({
    unitIds: z
      .array(unitId)
      .min(1, 'must name at least one unit')
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a unit'),
    note: note.optional(),
  })
  .strict();
/**
 * A unit working the incident reports progress (the incident follows the state machine), or is released
 * from it (`available`: back in service while the others work on).
 */
export const UnitProgressBodySchema = z
  .object({ unitId, status: z.enum(['en_route', 'on_scene', 'available']), note: note.optional() })
  .strict();
export const ResolveBodySchema = z
  .object({
    note: requiredNote,
    /** Shown to the citizens whose reports the incident holds (their status page); never internal notes. */
    publicNote: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  })
  .strict();
export const CloseBodySchema = z.object({ note: requiredNote }).strict();
export const CancelBodySchema = z.object({ reason: requiredNote }).strict();
/** A supervisor takes a resolved incident back to work; the reason is the audit row's note. */
export const ReopenBodySchema = z.object({ reason: requiredNote }).strict();

const title = z.string().trim().min(1, 'must not be blank').max(300, 'must be at most 300 characters');
/**
 * PATCH /api/incidents/:id (re-triage): any of severity, category and the titles, with a note. The SLA
 * deadlines follow the new severity/category (they are computed, never stored).
 */
export const RetriageBodySchema = z
  .object({
    severity: CapSeveritySchema.optional(),
    category: IncidentCategorySchema.optional(),
    title: title.optional(),
    /** null removes the English title. */
    titleEn: title.nullable().optional(),
    note: requiredNote,
  })
  .strict()
  .refine(
    (b) => [b.severity, b.category, b.title, b.titleEn].some((v) => v !== undefined),
    'must change at least one of severity, category, title, titleEn',
  );
export type RetriageBody = z.infer<typeof RetriageBodySchema>;

/** POST /api/incidents/:id/merge: this incident is a duplicate of `into`. */
export const MergeBodySchema = z.object({ into: incidentId, note: requiredNote }).strict();
export const CommentBodySchema = z.object({ text: note.min(1, 'is required') }).strict();
export const SopTickBodySchema = z.object({ ticked: z.boolean(), note: note.optional() }).strict();

/** Operators take a unit off duty or back (dispatch states are driven by incidents). */
export const UnitAvailabilityBodySchema = z
  .object({ status: z.enum(['available', 'off_duty']), note: note.optional() })
  .strict();

export type DispatchBody = z.infer<typeof DispatchBodySchema>;
export type UnitProgressBody = z.infer<typeof UnitProgressBodySchema>;

import { z } from 'zod';

/**
 * Bodies of the incident lifecycle commands (POST /api/incidents/:id/<command>). Text is free but bounded;
 * the server answers 400 naming the first bad field.
 */
const note = z.string().trim().max(4000, 'must be at most 4000 characters');
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
    note: note.min(1, 'is required'),
    /** Shown to the citizens whose reports the incident holds (their status page); never internal notes. */
    publicNote: z.string().trim().max(1000, 'must be at most 1000 characters').optional(),
  })
  .strict();
export const CloseBodySchema = z.object({ note: note.optional() }).strict();
export const CancelBodySchema = z.object({ reason: note.min(1, 'is required') }).strict();
export const CommentBodySchema = z.object({ text: note.min(1, 'is required') }).strict();
export const SopTickBodySchema = z.object({ ticked: z.boolean(), note: note.optional() }).strict();

/** Operators take a unit off duty or back (dispatch states are driven by incidents). */
export const UnitAvailabilityBodySchema = z
  .object({ status: z.enum(['available', 'off_duty']), note: note.optional() })
  .strict();

export type DispatchBody = z.infer<typeof DispatchBodySchema>;
export type UnitProgressBody = z.infer<typeof UnitProgressBodySchema>;

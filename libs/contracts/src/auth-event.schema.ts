import { z } from 'zod';
import { UtcTimeSchema } from './utc-time.schema';

/** Outcomes the authentication audit records. */
export const AuthOutcomeSchema = z.enum([
  'success',
  'failure',
  'throttled',
  'locked',
  'refresh_reused',
  'logout',
]);
export type AuthOutcome = z.infer<typeof AuthOutcomeSchema>;

/** One `auth_events` row (GET /api/auth/events, admin). */
export const AuthEventSchema = z.object({
  id: z.number().int(),
  time: UtcTimeSchema,
  /** As typed at login (unknown usernames are recorded too: that is what an attack looks like). */
  username: z.string(),
  userId: z.string().nullable(),
  ip: z.string(),
  userAgent: z.string().nullable(),
  outcome: AuthOutcomeSchema,
});
export type AuthEvent = z.infer<typeof AuthEventSchema>;

export const AuthEventsQuerySchema = z.object({
  username: z.string().min(1).max(200).optional(),
  outcome: AuthOutcomeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

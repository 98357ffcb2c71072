import { z } from 'zod';
import { UtcTimeSchema } from './utc-time.schema';

/**
 * Camera media the server relays from Frigate (the browser never talks to Frigate). Camera images are
 * personal data (Decree 13/2023/NĐ-CP): every access, allowed or refused, is recorded in `media_access`.
 */
export const MediaKindSchema = z.enum(['latest', 'thumbnail', 'snapshot', 'clip']);
export type MediaKind = z.infer<typeof MediaKindSchema>;

/**
 * ok: served (200/206); denied: the user's role may not view media; not_found: unknown event, or Frigate
 * has no such media; unavailable: Frigate unreachable, too slow or answering wrongly.
 */
export const MediaOutcomeSchema = z.enum(['ok', 'denied', 'not_found', 'unavailable']);
export type MediaOutcome = z.infer<typeof MediaOutcomeSchema>;

/**
 * Frigate event ids: "<epoch seconds>.<fraction>-<random>", e.g. "1607123955.475377-mxklsc". Strict on
 * purpose: the id goes into the upstream URL, so nothing but digits, one dot, one dash and [a-z0-9] passes.
 */
export const FrigateEventIdSchema = z
  .string()
  .regex(/^\d{1,12}\.\d{1,6}-[a-z0-9]{1,32}$/, 'must be a Frigate event id like 1607123955.475377-mxklsc');

/** One `media_access` row: a user's accesses of one kind to one camera/event within a minute. */
export const MediaAccessSchema = z.object({
  id: z.number().int(),
  /** First access of the row. */
  time: UtcTimeSchema,
  /** Last access folded into the row (live frames refresh every second: one row per minute, counted). */
  lastTime: UtcTimeSchema,
  hits: z.number().int().min(1),
  userId: z.string(),
  username: z.string(),
  role: z.string(),
  /** Null when the event id was not one the server knows. */
  camera: z.string().nullable(),
  eventId: z.string().nullable(),
  kind: MediaKindSchema,
  outcome: MediaOutcomeSchema,
  /** HTTP status the server answered with. */
  status: z.number().int(),
});
export type MediaAccess = z.infer<typeof MediaAccessSchema>;

export const MediaAuditPageSchema = z.object({
  items: z.array(MediaAccessSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type MediaAuditPage = z.infer<typeof MediaAuditPageSchema>;

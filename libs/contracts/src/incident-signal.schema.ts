import { z } from 'zod';
import { FeedSourceSchema } from './feed-source.schema';
import { UtcTimeSchema } from './utc-time.schema';

/** CAP 1.2 <severity> values. */
export const CapSeveritySchema = z.enum(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown']);
export type CapSeverity = z.infer<typeof CapSeveritySchema>;

export const IncidentSignalKindSchema = z.enum(['fiware_alert', 'citizen_report']);
export type IncidentSignalKind = z.infer<typeof IncidentSignalKindSchema>;

/** Longest free text a signal carries; longer input is cut by the adapter. */
export const SIGNAL_TEXT_MAX = 4000;

/** Something outside the sensors says an incident may exist; the rules engine opens or correlates it. */
export const IncidentSignalSchema = z.object({
  kind: IncidentSignalKindSchema,
  /** Stable id from the source (FIWARE entity id, report id or payload hash) for idempotent ingest. */
  sourceId: z.string().min(1).max(300),
  time: UtcTimeSchema,
  category: z.string().min(1).max(100),
  subCategory: z.string().max(100).nullable(),
  severity: CapSeveritySchema,
  /** Control characters removed, length limited; NOT HTML-escaped (the renderer escapes). */
  description: z.string().max(SIGNAL_TEXT_MAX),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  contact: z.string().max(200).nullable(),
  photoUrl: z.string().max(2000).nullable(),
  /** The parsed source payload, kept for audit and replay. */
  raw: z.unknown(),
  source: FeedSourceSchema,
});
export type IncidentSignal = z.infer<typeof IncidentSignalSchema>;

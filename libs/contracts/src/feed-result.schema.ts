import { z } from 'zod';
import { CameraEventSchema } from './camera-event.schema';
import { CameraReviewSchema } from './camera-review.schema';
import { DeviceAvailabilitySchema } from './device-availability.schema';
import { DeviceLocationSchema } from './device-location.schema';
import { IncidentSignalSchema } from './incident-signal.schema';
import { ReadingSchema } from './reading.schema';
import { UnitPositionSchema } from './unit-position.schema';

/** What one feed message turns into; the ingest writes each kind to its own table. */
export const NormalizedRecordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reading'), reading: ReadingSchema }),
  z.object({ type: z.literal('camera_event'), event: CameraEventSchema }),
  z.object({ type: z.literal('camera_review'), review: CameraReviewSchema }),
  z.object({ type: z.literal('unit_position'), position: UnitPositionSchema }),
  z.object({ type: z.literal('device_location'), location: DeviceLocationSchema }),
  z.object({ type: z.literal('signal'), signal: IncidentSignalSchema }),
  z.object({ type: z.literal('availability'), availability: DeviceAvailabilitySchema }),
]);
export type NormalizedRecord = z.infer<typeof NormalizedRecordSchema>;
export type NormalizedRecordType = NormalizedRecord['type'];

/**
 * Accepted message. `skipped` (with no records) marks a deliberate skip — simulated uplink, bridge topic —
 * which is acknowledged without a dead letter. `dedupeKey` identifies a message that a feed may redeliver
 * under a different envelope (TTN: dev_eui + session + f_cnt).
 */
export const AdapterOkSchema = z.object({
  ok: z.literal(true),
  records: z.array(NormalizedRecordSchema),
  skipped: z.string().min(1).max(500).optional(),
  dedupeKey: z.string().min(1).max(300).optional(),
});

/** Rejected message: the caller dead-letters (topic, bytes, reason, time). */
export const AdapterRejectionSchema = z.object({
  ok: z.literal(false),
  reason: z.string().min(1).max(1000),
});

export const AdapterResultSchema = z.discriminatedUnion('ok', [AdapterOkSchema, AdapterRejectionSchema]);
export type AdapterOk = z.infer<typeof AdapterOkSchema>;
export type AdapterRejection = z.infer<typeof AdapterRejectionSchema>;
export type AdapterResult = z.infer<typeof AdapterResultSchema>;

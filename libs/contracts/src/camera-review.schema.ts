import { z } from 'zod';
import { CameraEventPhaseSchema } from './camera-event.schema';
import { UtcTimeSchema } from './utc-time.schema';

/** Frigate review item: detections grouped into one alert/detection over a time span. */
export const CameraReviewSeveritySchema = z.enum(['alert', 'detection']);
export type CameraReviewSeverity = z.infer<typeof CameraReviewSeveritySchema>;

export const CameraReviewSchema = z.object({
  id: z.string().min(1).max(100),
  /** Our camera id (a camera of city.json: reviews of other cameras are dead-lettered). */
  camera: z.string().min(1).max(200),
  frigateCamera: z.string().min(1).max(200),
  phase: CameraEventPhaseSchema,
  severity: CameraReviewSeveritySchema,
  startTime: UtcTimeSchema,
  endTime: UtcTimeSchema.nullable(),
  /** Labels seen, e.g. ["person", "car"]. */
  objects: z.array(z.string().max(100)),
  zones: z.array(z.string().max(200)),
  subLabels: z.array(z.string().max(200)),
  /** Frigate event ids grouped in this review (camera_events.id). */
  detections: z.array(z.string().max(100)),
  source: z.literal('frigate'),
});
export type CameraReview = z.infer<typeof CameraReviewSchema>;

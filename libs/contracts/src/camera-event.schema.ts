import { z } from 'zod';
import { UtcTimeSchema } from './utc-time.schema';

/** Frigate's event lifecycle: many `update`s per id; `end` closes the event. */
export const CameraEventPhaseSchema = z.enum(['new', 'update', 'end']);
export type CameraEventPhase = z.infer<typeof CameraEventPhaseSchema>;

/** Pixel box [x1, y1, x2, y2] in the detect stream's resolution. */
export const CameraBoxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

/** One tracked object as Frigate last reported it; stored as an upsert keyed by `id`. */
export const CameraEventSchema = z.object({
  /** Frigate event id, e.g. "1607123955.475377-mxklsc". */
  id: z.string().min(1).max(100),
  /** Our camera id (a camera of city.json: events of other cameras are dead-lettered). */
  camera: z.string().min(1).max(200),
  frigateCamera: z.string().min(1).max(200),
  phase: CameraEventPhaseSchema,
  label: z.string().min(1).max(100),
  subLabel: z.string().max(200).nullable(),
  score: z.number().min(0).max(1).nullable(),
  topScore: z.number().min(0).max(1).nullable(),
  /** Every zone the object entered during the event, in order. */
  zones: z.array(z.string().max(200)),
  startTime: UtcTimeSchema,
  /** Null while the object is still tracked; false positives may never get one. */
  endTime: UtcTimeSchema.nullable(),
  falsePositive: z.boolean(),
  hasSnapshot: z.boolean(),
  hasClip: z.boolean(),
  snapshotUrl: z.string().max(2000).nullable(),
  clipUrl: z.string().max(2000).nullable(),
  box: CameraBoxSchema.optional(),
  /** Recognised licence plate (Frigate 0.16+ LPR). */
  plate: z.string().max(32).nullable(),
  source: z.literal('frigate'),
});
export type CameraEvent = z.infer<typeof CameraEventSchema>;

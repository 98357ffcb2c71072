import { z } from 'zod';
import { FrigateEventIdSchema, MediaKindSchema, MediaOutcomeSchema } from '@ioc/contracts/media.schema';
import { IsoTime } from '../common/http/query.schema';

/** Our camera ids (city.json); checked against the configured cameras after this. */
export const CameraParams = z.object({
  camera: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'must be a camera id of the city'),
});

export const EventParams = z.object({ id: FrigateEventIdSchema });

export const LatestQuery = z.object({
  /** Frame height in pixels (Frigate scales it down). */
  h: z.coerce.number().int().min(60).max(2160).optional(),
});

export const SnapshotQuery = z.object({
  /** 1: Frigate draws the detected object's box on the snapshot. */
  bbox: z.enum(['0', '1']).optional(),
});

export const NoQuery = z.object({});

export const MediaAuditQuery = z.object({
  /** User id or username (case-insensitive). */
  user: z.string().min(1).max(200).optional(),
  camera: z.string().min(1).max(200).optional(),
  event: z.string().min(1).max(100).optional(),
  kind: MediaKindSchema.optional(),
  outcome: MediaOutcomeSchema.optional(),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  /** Id of the last row of the previous page (`nextBefore`). */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

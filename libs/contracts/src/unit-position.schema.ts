import { z } from 'zod';
import { FeedSourceSchema } from './feed-source.schema';
import { UtcTimeSchema } from './utc-time.schema';

/** One GPS fix of a response unit's tracker. */
export const UnitPositionSchema = z.object({
  time: UtcTimeSchema,
  /** Our unit id (city config `tracker` match); the tracker string when the tracker is not mapped. */
  unitId: z.string().min(1).max(200),
  /** Tracker identity as the feed names it, e.g. OwnTracks "<user>/<device>". */
  tracker: z.string().min(1).max(200),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  /** Horizontal accuracy in metres. */
  accuracy: z.number().nonnegative().nullable(),
  /** km/h. */
  speed: z.number().nonnegative().nullable(),
  /** Degrees clockwise from north. */
  heading: z.number().min(0).max(360).nullable(),
  /** Battery percent. */
  battery: z.number().min(0).max(100).nullable(),
  /** Metres above sea level. */
  altitude: z.number().nullable(),
  source: FeedSourceSchema,
});
export type UnitPosition = z.infer<typeof UnitPositionSchema>;

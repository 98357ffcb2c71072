import { z } from 'zod';
import { FeedSourceSchema } from './feed-source.schema';

/** One measured value of one metric of one device at one instant (UTC ISO-8601). */
export const ReadingSchema = z.object({
  time: z.iso.datetime({ offset: true }),
  deviceId: z.string().min(1).max(200),
  metric: z.string().min(1).max(100),
  /** Numeric value; booleans are stored as 1/0. Null when only `valueText` is meaningful. */
  value: z.number().finite().nullable(),
  /** String or data value (SenML `vs`/`vd`) when the reading is not numeric. */
  valueText: z.string().max(4096).nullable().default(null),
  unit: z.string().max(32).nullable().default(null),
  source: FeedSourceSchema,
});
export type Reading = z.infer<typeof ReadingSchema>;

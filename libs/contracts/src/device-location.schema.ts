import { z } from 'zod';
import { FeedSourceSchema } from './feed-source.schema';
import { UtcTimeSchema } from './utc-time.schema';

/** Where a device reported itself to be (SenML lat/lon, TTN locations, FIWARE GeoJSON Point). */
export const DeviceLocationSchema = z.object({
  deviceId: z.string().min(1).max(200),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  /** Metres; null when the feed gives none. */
  alt: z.number().nullable(),
  time: UtcTimeSchema,
  source: FeedSourceSchema,
});
export type DeviceLocation = z.infer<typeof DeviceLocationSchema>;

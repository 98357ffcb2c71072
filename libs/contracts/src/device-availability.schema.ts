import { z } from 'zod';
import { FeedSourceSchema } from './feed-source.schema';
import { UtcTimeSchema } from './utc-time.schema';

/** A feed's own online/offline statement (Zigbee2MQTT availability, Frigate `available`). */
export const DeviceAvailabilitySchema = z.object({
  /** Device id, or the Frigate instance id for `frigate/available`. */
  deviceId: z.string().min(1).max(200),
  online: z.boolean(),
  time: UtcTimeSchema,
  source: FeedSourceSchema,
});
export type DeviceAvailability = z.infer<typeof DeviceAvailabilitySchema>;

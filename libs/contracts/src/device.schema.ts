import { z } from 'zod';

export const DeviceKindSchema = z.enum([
  'air_quality',
  'water_level',
  'flood_sensor',
  'weather',
  'traffic',
  'camera',
  'generic',
]);
export type DeviceKind = z.infer<typeof DeviceKindSchema>;

export const DeviceStatusSchema = z.enum(['online', 'offline', 'unknown']);
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

export const DeviceSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(200),
  kind: DeviceKindSchema,
  ward: z.string().max(100).nullable(),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  source: z.string().max(32),
  /** Seconds between messages the device is expected to send; 3x silence means offline. */
  expectedIntervalS: z.number().int().positive(),
  status: DeviceStatusSchema,
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
});
export type Device = z.infer<typeof DeviceSchema>;

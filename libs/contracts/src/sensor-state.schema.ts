import { z } from 'zod';

/** Latest value of one metric as the console shows it. */
export const MetricStateSchema = z.object({
  value: z.number().nullable(),
  unit: z.string().nullable(),
  time: z.string(),
});
export type MetricState = z.infer<typeof MetricStateSchema>;

/** Latest known state of one device: every metric's newest value. */
export const SensorStateSchema = z.object({
  deviceId: z.string(),
  metrics: z.record(z.string(), MetricStateSchema),
});
export type SensorState = z.infer<typeof SensorStateSchema>;

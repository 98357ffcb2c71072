import { z } from 'zod';

/**
 * The server instances' own sensor-state channel (MQTT `ioc-live/<group>/sensor-state/<instance>`): what
 * an ingest instance sends the live instances. Strict on purpose — the broker is shared with devices, so
 * anything outside these bounds is refused, signed or not (docs/architecture.md, "Live feed").
 */

/** States per message (the sender splits above it). */
export const LIVE_CHANNEL_MAX_STATES = 500;
/** Metrics per device state. */
export const LIVE_CHANNEL_MAX_METRICS = 256;

export const LiveChannelMetricSchema = z.strictObject({
  /** Finite numbers only: JSON's `1e999` parses to Infinity and is refused. */
  value: z.number(),
  unit: z.string().max(32).nullable(),
  time: z.iso.datetime({ offset: true }),
});

export const LiveChannelStateSchema = z.strictObject({
  deviceId: z.string().min(1).max(200),
  metrics: z
    .record(z.string().min(1).max(100), LiveChannelMetricSchema)
    .refine(
      (m) => Object.keys(m).length <= LIVE_CHANNEL_MAX_METRICS,
      `at most ${LIVE_CHANNEL_MAX_METRICS} metrics`,
    ),
});

export const LiveChannelMessageSchema = z.strictObject({
  v: z.literal(1),
  /** The sending instance: its MQTT client id, also the topic's last level. */
  src: z.string().min(1).max(64),
  /** Random per process start; `seq` counts from 1 within one boot. */
  boot: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 hex digits'),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** Sender's clock when sent (epoch ms): the receiver refuses messages outside its freshness window. */
  sent: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  states: z.array(LiveChannelStateSchema).max(LIVE_CHANNEL_MAX_STATES),
});
export type LiveChannelMessage = z.infer<typeof LiveChannelMessageSchema>;

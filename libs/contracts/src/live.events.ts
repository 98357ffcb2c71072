import { z } from 'zod';
import type { LiveEvent } from './live-event.schema';
import type { SensorState } from './sensor-state.schema';

/**
 * The live feed protocol (socket.io), typed once here for the gateway and the console.
 *
 * 1. The client connects with `auth: { token }` (refused with connect_error "unauthorized" otherwise).
 * 2. It sends `live:subscribe` with its layers, an optional bbox and, after a reconnect, the `seq` of
 *    the last durable event it holds (`lastSeq`).
 * 3. The server replays every durable event after `lastSeq`, in seq order (`live:events` with
 *    `replay: true`), then sends `live:subscribed` (how many were replayed, the seq it continues from),
 *    then live `live:events`. When the gap is beyond the replay bound it replays nothing and says
 *    `reload: true`: refetch the snapshot over REST. Replay and live never overlap or leave a hole.
 * 4. Sensor layer: `sensor:snapshot` after `live:subscribed`, then `sensor:delta` batches (≤ 2/s, latest
 *    value wins, volatile: a client that is not keeping up skips batches but still gets the newest values).
 * 5. A client that cannot keep up gets `live:resync` and no more live events until it subscribes again
 *    (with its lastSeq: the replay then fills what it missed).
 * 6. Subscribes are rate-limited per socket: over the rate the latest request is deferred (not refused);
 *    a socket that floods them, or subscribes again while not reading what it was sent, is disconnected.
 */

export const LiveLayerSchema = z.enum(['incidents', 'units', 'cameras', 'sensors']);
export type LiveLayer = z.infer<typeof LiveLayerSchema>;
export const LIVE_LAYERS: readonly LiveLayer[] = LiveLayerSchema.options;

/** [west, south, east, north] in degrees (WGS 84). */
export const LiveBboxSchema = z
  .tuple([
    z.number().min(-180).max(180),
    z.number().min(-90).max(90),
    z.number().min(-180).max(180),
    z.number().min(-90).max(90),
  ])
  .refine(([w, s, e, n]) => w <= e && s <= n, 'bbox must be [west, south, east, north]');
export type LiveBbox = z.infer<typeof LiveBboxSchema>;

export const LiveSubscribeRequestSchema = z.object({
  layers: z.array(LiveLayerSchema).min(1).max(LIVE_LAYERS.length),
  bbox: LiveBboxSchema.nullish(),
  /** Seq of the last durable event the client holds; absent on a first subscribe (no replay). */
  lastSeq: z.number().int().nonnegative().nullish(),
});
export type LiveSubscribeRequest = z.infer<typeof LiveSubscribeRequestSchema>;

/** `sensor:subscribe`: the sensor layer alone; without a bbox, the bbox of the latest `live:subscribe`. */
export const SensorSubscribeRequestSchema = z.object({ bbox: LiveBboxSchema.nullish() });
export type SensorSubscribeRequest = z.infer<typeof SensorSubscribeRequestSchema>;

/** Which durable-event kinds a layer carries. */
export const LAYER_OF_KIND: Record<LiveEvent['kind'], LiveLayer> = {
  incident: 'incidents',
  unit: 'units',
  camera_event: 'cameras',
};

/** Durable events in seq order. `seq` is the highest seq this batch accounts for (≥ the last event's). */
export interface LiveEventBatch {
  events: LiveEvent[];
  seq: number;
  /** True while replaying after a reconnect. */
  replay?: boolean;
}

/** Sent once per subscribe, between the replayed and the live events. */
export interface LiveSubscribed {
  /** Live events follow from this seq (the client's cursor now). */
  seq: number;
  /** Durable events replayed for this subscribe (those matching its layers/bbox). */
  replayed: number;
  /** The gap was beyond the replay bound (or unknown): reload the snapshot, then keep applying events. */
  reload: boolean;
  /** The bound the server applies, for the UI's wording. */
  replayLimit: { events: number; seconds: number };
}

export type LiveResyncReason = 'slow_client';

/** The client stopped receiving live events; subscribe again with `lastSeq` to catch up. */
export interface LiveResync {
  reason: LiveResyncReason;
  /** Last seq the server queued to this client before dropping it (the client may not have it yet). */
  seq: number;
}

/** Sensor deltas: only the devices whose metrics changed since the last batch; newest value wins. */
export interface SensorDeltaBatch {
  states: SensorState[];
}

/** Socket.io events the server emits. */
export interface ServerToClientEvents {
  'live:events': (batch: LiveEventBatch) => void;
  'live:subscribed': (s: LiveSubscribed) => void;
  'live:resync': (r: LiveResync) => void;
  /** Watermark when filtered-out events moved the feed on: the client may store it as its lastSeq. */
  'live:seq': (p: { seq: number }) => void;
  'live:error': (p: { message: string }) => void;
  'sensor:snapshot': (payload: { states: SensorState[] }) => void;
  'sensor:delta': (payload: SensorDeltaBatch) => void;
}

/** Socket.io events the console sends. */
export interface ClientToServerEvents {
  'live:subscribe': (req: LiveSubscribeRequest) => void;
  /**
   * Shorthand for `live:subscribe` with `{ layers: ['sensors'] }` and the given bbox, or else the bbox of
   * the socket's latest `live:subscribe` (the snapshot covers only that area).
   */
  'sensor:subscribe': (req?: SensorSubscribeRequest) => void;
}

export const SOCKET_PATH = '/socket.io';

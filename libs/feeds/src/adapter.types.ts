import type { AdapterResult } from '@ioc/contracts/feed-result.schema';
import { ADAPTER_FEED_SOURCES } from '@ioc/contracts/feed-source.schema';

/** Names the topic router hands out; one adapter per wire format. Citizen reports are recorded as `citizen`. */
export const ADAPTER_NAMES = [...ADAPTER_FEED_SOURCES, 'citizen-report'] as const;
export type AdapterName = (typeof ADAPTER_NAMES)[number];

/**
 * Everything an adapter may depend on besides the message itself. Adapters read nothing else
 * (no clock, no env), so the same bytes always give the same records — replays are exact.
 */
export interface AdapterContext {
  /** Frigate camera name → our camera id. Unmapped cameras keep Frigate's name as id. */
  frigateCameras: Readonly<Record<string, string>>;
  /** Frigate HTTP base, e.g. "http://nvr.local:5000"; null → no snapshot/clip links. */
  frigateBaseUrl: string | null;
  /** Device id used for `frigate/available`. */
  frigateInstanceId: string;
  /** OwnTracks "<user>/<device>" → our unit id. Unmapped trackers keep the tracker string as id. */
  unitTrackers: Readonly<Record<string, string>>;
  /** Larger payloads are rejected before decoding. */
  maxPayloadBytes: number;
  /** Citizen reports are smaller; larger ones are rejected. */
  maxReportBytes: number;
  /** Free text (report text, alert description) is cut to this many characters. */
  maxTextChars: number;
  /**
   * How to read a time with no UTC offset ("2016-03-15T11:00:00", common in FIWARE examples):
   * an offset such as "+07:00" (Vietnam has no DST) or "reject".
   */
  naiveTimeOffset: string;
}

export type FeedAdapter = (
  topic: string,
  payload: Uint8Array,
  receivedAt: Date,
  ctx: AdapterContext,
) => AdapterResult;

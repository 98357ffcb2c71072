import type { AdapterContext, FeedAdapter } from './adapter.types';
import { lookup } from './adapter.context';
import { identityMismatch } from './identity.check';
import { describe, isFiniteNumber, isObject, type JsonObject } from './json.util';
import { parseJsonPayload } from './parse-json';
import { checkDeviceId, isLatitude, isLongitude } from './record.factory';
import { accept, fail, guardAdapter, reject, skip } from './result.util';
import { isoFromEpochSeconds } from './time.util';

/** Optional telemetry: wrong type rejects; a negative / out-of-range number means "unknown" (iOS sends -1). */
function optional(msg: JsonObject, key: string, min: number, max: number): number | null {
  const v = msg[key];
  if (v === undefined || v === null) return null;
  if (!isFiniteNumber(v)) fail(`"${key}" must be a number, got ${describe(v)}`);
  return v >= min && v <= max ? v : null;
}

/**
 * OwnTracks on `owntracks/<user>/<device>`: `_type: "location"` → unit position (tst = epoch seconds,
 * vel km/h, cog degrees, acc metres, batt %). Other `_type`s (transition, waypoint, lwt, card…) are skipped.
 */
function adaptOwnTracks(
  topic: string,
  payload: Uint8Array,
  _receivedAt: Date,
  ctx: AdapterContext,
): ReturnType<FeedAdapter> {
  const levels = topic.split('/');
  if (levels.length !== 3 || levels[1].length === 0 || levels[2].length === 0) {
    return skip(`OwnTracks sub-topic "${topic.slice(0, 100)}" is not a location stream`);
  }
  const parsed = parseJsonPayload(payload, ctx.maxPayloadBytes);
  if (!parsed.ok) return reject(parsed.reason);
  const msg = parsed.value;
  if (!isObject(msg)) return reject(`message must be a JSON object, got ${describe(msg)}`);
  const type = msg['_type'];
  if (typeof type !== 'string') return reject('"_type" missing');
  // The app copies its publish topic into the body (HTTP mode, some MQTT bridges): another tracker's topic
  // there means the message was forged or re-published under our topic.
  const claimed = msg['topic'];
  if (typeof claimed === 'string' && claimed !== topic) {
    identityMismatch(
      `"topic" "${claimed.slice(0, 100)}" is not the topic it came on "${topic.slice(0, 100)}"`,
    );
  }
  if (type !== 'location') return skip(`OwnTracks _type "${type.slice(0, 40)}" is not a location`);
  const { lat, lon, tst } = msg;
  if (!isLatitude(lat) || !isLongitude(lon))
    return reject(`invalid position lat=${describe(lat)} lon=${describe(lon)}`);
  if (!isFiniteNumber(tst)) return reject(`"tst" must be epoch seconds, got ${describe(tst)}`);
  const time = isoFromEpochSeconds(tst) ?? fail(`"tst" out of range: ${tst}`);
  const tracker = checkDeviceId(`${levels[1]}/${levels[2]}`);
  return accept([
    {
      type: 'unit_position',
      position: {
        time,
        unitId: checkDeviceId(lookup(ctx.unitTrackers, tracker) ?? tracker),
        tracker,
        lat,
        lon,
        accuracy: optional(msg, 'acc', 0, Number.MAX_VALUE),
        speed: optional(msg, 'vel', 0, Number.MAX_VALUE),
        heading: optional(msg, 'cog', 0, 360),
        battery: optional(msg, 'batt', 0, 100),
        altitude: optional(msg, 'alt', -Number.MAX_VALUE, Number.MAX_VALUE),
        source: 'owntracks',
      },
    },
  ]);
}

export const owntracksAdapter: FeedAdapter = guardAdapter('owntracks', adaptOwnTracks);

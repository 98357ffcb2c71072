import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';
import type { AdapterContext, FeedAdapter } from './adapter.types';
import { identityMismatch } from './identity.check';
import { describe, isFiniteNumber, isObject, type JsonObject } from './json.util';
import { parseJsonPayload } from './parse-json';
import { checkDeviceId, locationRecord, pushJsonReading } from './record.factory';
import { accept, fail, guardAdapter, reject, skip } from './result.util';
import { parseIsoTime } from './time.util';

const TOPIC_RE = /^v3\/([^/@]+)(?:@([^/]+))?\/devices\/([^/]+)\/(.+)$/;
/** Decoder keys that describe position; they become a device location, not readings. */
const POSITION_KEYS = new Set(['latitude', 'longitude', 'altitude', 'lat', 'lon', 'alt']);
/** Preferred order of `uplink_message.locations` entries: measured (GPS in payload) before configured. */
const LOCATION_PRIORITY = ['frm-payload', 'user'];

export interface TtnTopic {
  applicationId: string;
  tenantId: string | null;
  deviceId: string;
  event: string;
}

export function parseTtnTopic(topic: string): TtnTopic | null {
  const m = TOPIC_RE.exec(topic);
  return m ? { applicationId: m[1], tenantId: m[2] ?? null, deviceId: m[3], event: m[4] } : null;
}

/**
 * Redelivery key (dev_eui, session, f_cnt). The session key id is included because f_cnt restarts at 0
 * after a rejoin; devices without a DevEUI fall back to their device id. TTS omits f_cnt when it is 0.
 */
export function ttnDedupeKey(up: JsonObject): string | null {
  const ids = isObject(up['end_device_ids']) ? up['end_device_ids'] : {};
  const msg = isObject(up['uplink_message']) ? up['uplink_message'] : null;
  if (msg === null) return null;
  const devEui = typeof ids['dev_eui'] === 'string' ? ids['dev_eui'] : `dev:${String(ids['device_id'])}`;
  const session = typeof msg['session_key_id'] === 'string' ? msg['session_key_id'] : '-';
  const fCnt = Number.isInteger(msg['f_cnt']) ? (msg['f_cnt'] as number) : 0;
  return `ttn:${devEui}:${session}:${fCnt}`;
}

function uplinkTime(up: JsonObject, msg: JsonObject, receivedAt: Date): string {
  // The network server's reception time is closest to the measurement; TTS always writes it in UTC (ns digits).
  const raw = msg['received_at'] ?? up['received_at'];
  if (raw === undefined) return receivedAt.toISOString();
  if (typeof raw !== 'string') fail(`received_at must be a string, got ${describe(raw)}`);
  const t = parseIsoTime(raw, 'reject');
  return t.ok ? t.iso : fail(`received_at: ${t.reason}`);
}

/** Flat decoder output → readings; nested objects flattened one level with '_'; strings/arrays skipped. */
function decodedReadings(decoded: JsonObject, deviceId: string, time: string): NormalizedRecord[] {
  const records: NormalizedRecord[] = [];
  for (const [key, value] of Object.entries(decoded)) {
    if (POSITION_KEYS.has(key)) continue;
    if (isObject(value))
      for (const [sub, v] of Object.entries(value))
        pushJsonReading(records, { time, deviceId, metric: `${key}_${sub}`, source: 'ttn' }, v);
    else pushJsonReading(records, { time, deviceId, metric: key, source: 'ttn' }, value);
  }
  return records;
}

/** normalized_payload: array of measurements ({"air":{"temperature":21}} → "air.temperature"), each may carry `time`. */
function normalizedReadings(items: unknown[], deviceId: string, time: string): NormalizedRecord[] {
  const records: NormalizedRecord[] = [];
  items.forEach((item, i) => {
    if (!isObject(item)) fail(`normalized_payload[${i}] must be an object`);
    let at = time;
    if (typeof item['time'] === 'string') {
      const t = parseIsoTime(item['time'], 'reject');
      at = t.ok ? t.iso : fail(`normalized_payload[${i}].time: ${t.reason}`);
    }
    for (const [group, values] of Object.entries(item)) {
      if (group === 'time') continue;
      if (isObject(values))
        for (const [key, v] of Object.entries(values))
          pushJsonReading(records, { time: at, deviceId, metric: `${group}.${key}`, source: 'ttn' }, v);
      else pushJsonReading(records, { time: at, deviceId, metric: group, source: 'ttn' }, values);
    }
  });
  return records;
}

function uplinkLocation(
  msg: JsonObject,
  decoded: JsonObject | null,
  deviceId: string,
  time: string,
): NormalizedRecord | null {
  const locations = msg['locations'];
  if (locations !== undefined) {
    if (!isObject(locations)) fail('locations must be an object');
    const [key] = Object.keys(locations).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    if (key !== undefined) {
      const loc = locations[key];
      if (!isObject(loc)) fail(`locations.${key} must be an object`);
      const alt = isFiniteNumber(loc['altitude']) ? loc['altitude'] : null;
      return locationRecord(deviceId, loc['latitude'], loc['longitude'], alt, time, 'ttn');
    }
  }
  if (decoded !== null) {
    const lat = decoded['latitude'] ?? decoded['lat'];
    const lon = decoded['longitude'] ?? decoded['lon'];
    if (lat !== undefined || lon !== undefined) {
      const alt = decoded['altitude'] ?? decoded['alt'];
      return locationRecord(deviceId, lat, lon, isFiniteNumber(alt) ? alt : null, time, 'ttn');
    }
  }
  return null;
}

function rank(key: string): number {
  const i = LOCATION_PRIORITY.indexOf(key);
  return i < 0 ? LOCATION_PRIORITY.length : i;
}

/**
 * The topic `v3/{app}[@{tenant}]/devices/{dev}/…` is what the broker authorised; the body's
 * `end_device_ids.device_id` (and application id, when present) must name that same device.
 */
function checkTopicIdentity(route: TtnTopic, ids: JsonObject, deviceId: string): void {
  if (route.deviceId !== deviceId) {
    identityMismatch(
      `end_device_ids.device_id "${deviceId.slice(0, 80)}" is not the topic's device "${route.deviceId.slice(0, 80)}"`,
    );
  }
  const app = isObject(ids['application_ids']) ? ids['application_ids']['application_id'] : undefined;
  if (typeof app === 'string' && app !== route.applicationId) {
    identityMismatch(
      `end_device_ids.application_ids.application_id "${app.slice(0, 80)}" is not the topic's application "${route.applicationId.slice(0, 80)}"`,
    );
  }
}

/**
 * The Things Stack v3 uplink on `v3/{app}[@{tenant}]/devices/{dev}/up`. Device id = TTS device id (unique per
 * application and what operators name in the console); the DevEUI goes into the dedupe key.
 */
function adaptTtn(
  topic: string,
  payload: Uint8Array,
  receivedAt: Date,
  ctx: AdapterContext,
): ReturnType<FeedAdapter> {
  const route = parseTtnTopic(topic);
  if (route !== null && route.event !== 'up') return skip(`TTS event "${route.event}" is not ingested`);
  const parsed = parseJsonPayload(payload, ctx.maxPayloadBytes);
  if (!parsed.ok) return reject(parsed.reason);
  const up = parsed.value;
  if (!isObject(up)) return reject(`uplink must be a JSON object, got ${describe(up)}`);
  const ids = up['end_device_ids'];
  if (!isObject(ids) || typeof ids['device_id'] !== 'string')
    return reject('end_device_ids.device_id missing');
  const deviceId = checkDeviceId(ids['device_id']);
  if (route !== null) checkTopicIdentity(route, ids, deviceId);
  if (up['simulated'] === true) return skip('simulated uplink');
  const msg = up['uplink_message'];
  if (!isObject(msg)) return reject('uplink_message missing');
  const time = uplinkTime(up, msg, receivedAt);
  const decodedRaw = msg['decoded_payload'];
  const normalizedRaw = msg['normalized_payload'];
  if (decodedRaw !== undefined && !isObject(decodedRaw))
    return reject(`decoded_payload must be an object, got ${describe(decodedRaw)}`);
  if (normalizedRaw !== undefined && !Array.isArray(normalizedRaw))
    return reject('normalized_payload must be an array');
  const decoded = decodedRaw ?? null;
  if (decoded === null && normalizedRaw === undefined) {
    if (msg['frm_payload'] === undefined) return skip('uplink has no application payload (MAC-only)');
    return reject('uplink not decoded: no decoded_payload (configure a payload formatter)');
  }
  // Prefer the decoder's own names; the normalized form is used only when there is no decoder output.
  const records =
    decoded !== null
      ? decodedReadings(decoded, deviceId, time)
      : normalizedReadings(normalizedRaw as unknown[], deviceId, time);
  const location = uplinkLocation(msg, decoded, deviceId, time);
  if (location !== null) records.push(location);
  const key = ttnDedupeKey(up) ?? undefined;
  return records.length > 0 ? accept(records, key) : skip('decoded payload has no numeric or boolean values');
}

export const ttnAdapter: FeedAdapter = guardAdapter('ttn', adaptTtn);

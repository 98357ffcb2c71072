import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';
import type { AdapterContext, FeedAdapter } from './adapter.types';
import { lookup } from './adapter.context';
import { identityMismatch } from './identity.check';
import { describe, isFiniteNumber, isObject, type JsonObject } from './json.util';
import { decodeUtf8, parseJsonPayload } from './parse-json';
import { checkDeviceId, pushJsonReading } from './record.factory';
import { accept, fail, guardAdapter, reject, skip } from './result.util';
import { isoFromEpochMs, parseIsoTime } from './time.util';
import { ZIGBEE2MQTT_UNITS } from './zigbee2mqtt-unit.names';

/** Housekeeping keys that are not measurements (timestamps, OTA state, device metadata). */
const IGNORED_KEYS = new Set(['last_seen', 'elapsed', 'update', 'update_available', 'device']);
const COMMAND_SEGMENTS = new Set(['set', 'get']);

type Zigbee2MqttTopic =
  | { kind: 'state'; device: string }
  | { kind: 'availability'; device: string }
  | { kind: 'skip'; reason: string };

/** `<base>/<friendly/name>[/availability|/set|/get[/attr]]`; friendly names may contain '/'. */
export function parseZigbee2MqttTopic(topic: string): Zigbee2MqttTopic {
  const levels = topic.split('/');
  const name = levels.slice(1);
  if (name.length === 0 || name.every((l) => l.length === 0))
    return { kind: 'skip', reason: 'topic has no device name' };
  if (name[0] === 'bridge') return { kind: 'skip', reason: 'bridge topic is not device state' };
  const last = name[name.length - 1];
  const beforeLast = name.length > 1 ? name[name.length - 2] : '';
  if (COMMAND_SEGMENTS.has(last) || COMMAND_SEGMENTS.has(beforeLast)) {
    return { kind: 'skip', reason: 'command topic (/set, /get) is not device state' };
  }
  if (last === 'availability') {
    const device = name.slice(0, -1).join('/');
    return device.length > 0
      ? { kind: 'availability', device }
      : { kind: 'skip', reason: 'topic has no device name' };
  }
  return { kind: 'state', device: name.join('/') };
}

/** `last_seen` is ISO_8601 / ISO_8601_local (with offset) or epoch milliseconds, per advanced.last_seen. */
function stateTime(state: JsonObject, receivedAt: Date, ctx: AdapterContext): string {
  const lastSeen = state['last_seen'];
  if (lastSeen === undefined || lastSeen === null) return receivedAt.toISOString();
  if (isFiniteNumber(lastSeen))
    return isoFromEpochMs(lastSeen) ?? fail(`last_seen out of range: ${lastSeen}`);
  if (typeof lastSeen === 'string') {
    const t = parseIsoTime(lastSeen, ctx.naiveTimeOffset);
    return t.ok ? t.iso : fail(`last_seen: ${t.reason}`);
  }
  return fail(`last_seen must be a time string or epoch ms, got ${describe(lastSeen)}`);
}

/** A state key's reading, with the unit Zigbee2MQTT documents for that key. */
function pushValue(
  records: NormalizedRecord[],
  deviceId: string,
  time: string,
  metric: string,
  value: unknown,
) {
  const unit = lookup(ZIGBEE2MQTT_UNITS, metric) ?? null;
  pushJsonReading(records, { time, deviceId, metric, unit, source: 'zigbee2mqtt' }, value);
}

function adaptAvailability(
  device: string,
  payload: Uint8Array,
  receivedAt: Date,
  ctx: AdapterContext,
): ReturnType<FeedAdapter> {
  const text = decodeUtf8(payload, ctx.maxPayloadBytes);
  if (!text.ok) return reject(text.reason);
  // Zigbee2MQTT ≥1.30 publishes {"state":"online"}; older versions the bare word.
  let state: unknown = text.value.trim();
  if (typeof state === 'string' && state.startsWith('{')) {
    const parsed = parseJsonPayload(payload, ctx.maxPayloadBytes);
    state = parsed.ok && isObject(parsed.value) ? parsed.value['state'] : undefined;
  }
  if (state !== 'online' && state !== 'offline')
    return reject(`availability must be "online" or "offline", got ${describe(state)}`);
  const deviceId = checkDeviceId(device);
  return accept([
    {
      type: 'availability',
      availability: {
        deviceId,
        online: state === 'online',
        time: receivedAt.toISOString(),
        source: 'zigbee2mqtt',
      },
    },
  ]);
}

/**
 * With `include_device_information` the state carries `device: {friendlyName, ieeeAddr, …}`. The topic names
 * the device; a `device.friendlyName` naming another one is a forged or misrouted message.
 */
function checkDeviceInformation(state: JsonObject, deviceId: string): void {
  const info = state['device'];
  if (!isObject(info)) return;
  const name = info['friendlyName'] ?? info['friendly_name'];
  if (typeof name === 'string' && name !== deviceId) {
    identityMismatch(
      `device.friendlyName "${name.slice(0, 80)}" is not the topic's device "${deviceId.slice(0, 80)}"`,
    );
  }
}

/**
 * Zigbee2MQTT device state on `zigbee2mqtt/<friendly/name>`: one reading per numeric or boolean key (booleans
 * 1/0), nested objects flattened one level ("color": {"x"} → "color_x"), strings and arrays skipped.
 */
function adaptZigbee2Mqtt(
  topic: string,
  payload: Uint8Array,
  receivedAt: Date,
  ctx: AdapterContext,
): ReturnType<FeedAdapter> {
  const route = parseZigbee2MqttTopic(topic);
  if (route.kind === 'skip') return skip(route.reason);
  if (route.kind === 'availability') return adaptAvailability(route.device, payload, receivedAt, ctx);
  const parsed = parseJsonPayload(payload, ctx.maxPayloadBytes);
  if (!parsed.ok) return reject(parsed.reason);
  const state = parsed.value;
  if (!isObject(state)) return reject(`device state must be a JSON object, got ${describe(state)}`);
  const deviceId = checkDeviceId(route.device);
  checkDeviceInformation(state, deviceId);
  const time = stateTime(state, receivedAt, ctx);
  const records: NormalizedRecord[] = [];
  for (const [key, value] of Object.entries(state)) {
    if (IGNORED_KEYS.has(key)) continue;
    if (isObject(value)) {
      for (const [sub, subValue] of Object.entries(value))
        pushValue(records, deviceId, time, `${key}_${sub}`, subValue);
    } else {
      pushValue(records, deviceId, time, key, value);
    }
  }
  return records.length > 0 ? accept(records) : skip('no numeric or boolean values in device state');
}

export const zigbee2mqttAdapter: FeedAdapter = guardAdapter('zigbee2mqtt', adaptZigbee2Mqtt);

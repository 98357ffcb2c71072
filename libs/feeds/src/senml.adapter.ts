import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';
import type { AdapterContext, FeedAdapter } from './adapter.types';
import { lookup } from './adapter.context';
import { identityMismatch, senmlNameIsDevice } from './identity.check';
import { describe, isFiniteNumber, isObject, type JsonObject } from './json.util';
import { parseJsonPayload } from './parse-json';
import { locationRecord, readingRecord } from './record.factory';
import { accept, fail, guardAdapter, reject } from './result.util';
import { SENML_UNIT_METRICS } from './senml-metric.names';
import { isoFromEpochMs } from './time.util';

/** RFC 8428 §4.5.3: resolved times below 2^28 s are relative to "now" (the moment we received the pack). */
export const SENML_RELATIVE_LIMIT = 2 ** 28;
/** SenML version this adapter implements (RFC 8428 = 10). */
const SENML_VERSION = 10;
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9\-:./_]*$/;
const TOPIC_PREFIX = 'ioc/senml/';
const LOCATION_NAMES = new Set(['lat', 'lon', 'alt']);

interface Base {
  bn: string;
  bt: number;
  bu: string | null;
  bv: number;
  bs: number;
}

interface Fix {
  deviceId: string;
  time: string;
  lat?: number;
  lon?: number;
  alt?: number;
}

function optString(rec: JsonObject, key: string, at: string): string | undefined {
  const v = rec[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') fail(`${at}: "${key}" must be a string, got ${describe(v)}`);
  return v;
}

function optNumber(rec: JsonObject, key: string, at: string): number | undefined {
  const v = rec[key];
  if (v === undefined) return undefined;
  if (!isFiniteNumber(v)) fail(`${at}: "${key}" must be a finite number, got ${describe(v)}`);
  return v;
}

/** Device id from the base name: "urn:dev:ow:10e2…:" → "urn:dev:ow:10e2…" (trailing separators dropped). */
function deviceFromBaseName(bn: string): string {
  return bn.replace(/[:/]+$/, '');
}

function updateBase(base: Base, rec: JsonObject, at: string): void {
  const bver = rec['bver'];
  if (
    bver !== undefined &&
    (!Number.isInteger(bver) || (bver as number) < 1 || (bver as number) > SENML_VERSION)
  ) {
    fail(`${at}: unsupported SenML version bver=${describe(bver)} (supported: ${SENML_VERSION})`);
  }
  base.bn = optString(rec, 'bn', at) ?? base.bn;
  base.bt = optNumber(rec, 'bt', at) ?? base.bt;
  const bu = optString(rec, 'bu', at);
  if (bu !== undefined) base.bu = bu;
  base.bv = optNumber(rec, 'bv', at) ?? base.bv;
  base.bs = optNumber(rec, 'bs', at) ?? base.bs;
}

function resolveTime(base: Base, t: number | undefined, receivedAt: Date, at: string): string {
  const resolved = base.bt + (t ?? 0);
  const ms = resolved < SENML_RELATIVE_LIMIT ? receivedAt.getTime() + resolved * 1000 : resolved * 1000;
  return isoFromEpochMs(ms) ?? fail(`${at}: time out of range (${resolved})`);
}

/**
 * The device a record is stored under. On `ioc/senml/<device>` it is always the topic's <device> (the broker's
 * ACL binds that topic to one client); a base name must name that same device — equal, or a device URN ending
 * in it — or the pack is refused. Only the bare gateway topic `ioc/senml` (no device level) takes the id
 * from the base name.
 */
function recordDevice(bn: string, topicDevice: string, at: string): string {
  if (topicDevice.length === 0) {
    if (bn.length === 0)
      fail(`${at}: no device id (no base name "bn" and topic is not ${TOPIC_PREFIX}<device>)`);
    return deviceFromBaseName(bn);
  }
  if (bn.length > 0 && !senmlNameIsDevice(deviceFromBaseName(bn), topicDevice)) {
    identityMismatch(
      `${at}: base name "${bn.slice(0, 80)}" names another device than the topic's "${topicDevice.slice(0, 80)}"`,
    );
  }
  return topicDevice;
}

/**
 * SenML JSON (RFC 8428) on `ioc/senml/<device>`. Base fields carry forward through the pack; the device id is
 * the topic's <device> (see `recordDevice`).
 */
function adaptSenml(
  topic: string,
  payload: Uint8Array,
  receivedAt: Date,
  ctx: AdapterContext,
): ReturnType<FeedAdapter> {
  const parsed = parseJsonPayload(payload, ctx.maxPayloadBytes);
  if (!parsed.ok) return reject(parsed.reason);
  // A single record is accepted as a pack of one (several libraries send that).
  const pack = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  if (pack.length === 0) return reject('empty SenML pack');
  const topicDevice = topic.startsWith(TOPIC_PREFIX) ? topic.slice(TOPIC_PREFIX.length) : '';
  const base: Base = { bn: '', bt: 0, bu: null, bv: 0, bs: 0 };
  const records: NormalizedRecord[] = [];
  const fixes = new Map<string, Fix>();

  pack.forEach((rec, i) => {
    const at = `record ${i}`;
    if (!isObject(rec)) fail(`${at}: not an object (${describe(rec)})`);
    for (const key of Object.keys(rec)) {
      // RFC 8428 §4.4: unknown fields ending in '_' must be understood, so the pack cannot be processed.
      if (key.endsWith('_')) fail(`${at}: unsupported must-understand field "${key}"`);
    }
    updateBase(base, rec, at);
    const n = optString(rec, 'n', at) ?? '';
    const u = optString(rec, 'u', at);
    const t = optNumber(rec, 't', at);
    const v = optNumber(rec, 'v', at);
    const vs = optString(rec, 'vs', at);
    const vd = optString(rec, 'vd', at);
    const s = optNumber(rec, 's', at);
    const vb = rec['vb'];
    if (vb !== undefined && typeof vb !== 'boolean')
      fail(`${at}: "vb" must be a boolean, got ${describe(vb)}`);
    const valueCount = [v, vs, vb, vd].filter((x) => x !== undefined).length;
    if (valueCount > 1) fail(`${at}: more than one value field (v, vs, vb, vd)`);
    if (valueCount === 0 && s === undefined) fail(`${at}: no value (v, vs, vb, vd) or sum (s)`);

    const fullName = base.bn + n;
    if (fullName.length > 0 && !NAME_RE.test(fullName))
      fail(`${at}: invalid SenML name "${fullName.slice(0, 60)}"`);
    const deviceId = recordDevice(base.bn, topicDevice, at);
    const unit = u ?? base.bu;
    const metric = n.length > 0 ? n : unit === null ? 'value' : (lookup(SENML_UNIT_METRICS, unit) ?? unit);
    const time = resolveTime(base, t, receivedAt, at);

    // lat/lon (by name or by SenML unit) are a position, not a reading.
    const locKey = LOCATION_NAMES.has(metric) ? metric : unit === 'lat' || unit === 'lon' ? unit : null;
    if (locKey !== null) {
      if (v === undefined) fail(`${at}: ${locKey} needs a numeric value "v"`);
      const key = `${deviceId}\u0000${time}`;
      const fix = fixes.get(key) ?? { deviceId, time };
      fix[locKey as 'lat' | 'lon' | 'alt'] = base.bv + v;
      fixes.set(key, fix);
      return;
    }
    if (v !== undefined)
      records.push(readingRecord({ time, deviceId, metric, value: base.bv + v, unit, source: 'senml' }));
    else if (vb !== undefined)
      records.push(readingRecord({ time, deviceId, metric, value: vb ? 1 : 0, unit, source: 'senml' }));
    else if (vs !== undefined || vd !== undefined) {
      records.push(
        readingRecord({ time, deviceId, metric, value: null, valueText: vs ?? vd, unit, source: 'senml' }),
      );
    }
    // The integrated sum is its own series so it never overwrites the instantaneous value.
    if (s !== undefined) {
      records.push(
        readingRecord({ time, deviceId, metric: `${metric}_sum`, value: base.bs + s, unit, source: 'senml' }),
      );
    }
  });

  for (const fix of fixes.values()) {
    if (fix.lat === undefined || fix.lon === undefined) {
      fail(
        `${fix.lat === undefined ? 'lon without lat' : 'lat without lon'} for ${fix.deviceId} at ${fix.time}`,
      );
    }
    records.push(locationRecord(fix.deviceId, fix.lat, fix.lon, fix.alt ?? null, fix.time, 'senml'));
  }
  return accept(records);
}

export const senmlAdapter: FeedAdapter = guardAdapter('senml', adaptSenml);

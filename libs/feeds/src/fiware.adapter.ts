import { SIGNAL_TEXT_MAX, type CapSeverity } from '@ioc/contracts/incident-signal.schema';
import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';
import type { AdapterContext, FeedAdapter } from './adapter.types';
import { lookup } from './adapter.context';
import { UNCEFACT_UNITS } from './fiware-unit.codes';
import { identityMismatch } from './identity.check';
import { describe, isFiniteNumber, isObject, type JsonObject } from './json.util';
import { parseJsonPayload } from './parse-json';
import { isLatitude, isLongitude, locationRecord, readingRecord } from './record.factory';
import { accept, fail, guardAdapter, reject } from './result.util';
import { cleanLabel, cleanText } from './text.util';
import { parseIsoTime } from './time.util';

const OBSERVED_TYPES = new Set(['AirQualityObserved', 'WaterQualityObserved', 'TrafficFlowObserved']);
/** Numeric attributes that identify or qualify rather than measure. */
const NOT_MEASUREMENTS = new Set(['laneId', 'reversedLane', 'reliability']);
const NGSI_ATTR_TYPES = new Set(['Property', 'GeoProperty', 'Relationship']);
/** FIWARE Alert severity (smart data model enum) → CAP 1.2. */
const ALERT_SEVERITY: Readonly<Record<string, CapSeverity>> = Object.freeze({
  critical: 'Extreme',
  high: 'Severe',
  medium: 'Moderate',
  low: 'Minor',
  informational: 'Minor',
});

interface Attr {
  value: unknown;
  unitCode?: string;
  observedAt?: string;
}

/** Reads an attribute in either representation: normalized `{type:"Property", value, unitCode, observedAt}` or keyValues. */
function attr(entity: JsonObject, key: string): Attr | undefined {
  const raw = entity[key];
  if (raw === undefined) return undefined;
  const normalized =
    isObject(raw) &&
    ('value' in raw || 'object' in raw) &&
    (raw['type'] === undefined || NGSI_ATTR_TYPES.has(String(raw['type'])));
  if (!normalized) return { value: raw };
  const unitCode = typeof raw['unitCode'] === 'string' ? raw['unitCode'] : undefined;
  const observedAt = typeof raw['observedAt'] === 'string' ? raw['observedAt'] : undefined;
  return { value: 'value' in raw ? raw['value'] : raw['object'], unitCode, observedAt };
}

/** dateObserved shapes: "2016-…Z", naive "2016-…", interval "a/b" (end taken), {"@type":"DateTime","@value":…}. */
function timeValue(value: unknown, label: string, ctx: AdapterContext): string {
  const text = isObject(value) ? value['@value'] : value;
  if (typeof text !== 'string') return fail(`${label} must be a date-time string, got ${describe(text)}`);
  const slash = text.indexOf('/');
  const t = parseIsoTime(slash >= 0 ? text.slice(slash + 1) : text, ctx.naiveTimeOffset);
  return t.ok ? t.iso : fail(`${label}: ${t.reason}`);
}

function entityTime(entity: JsonObject, keys: string[], receivedAt: Date, ctx: AdapterContext): string {
  for (const key of keys) {
    const a = attr(entity, key);
    if (a !== undefined && a.value !== null) return timeValue(a.value, key, ctx);
  }
  return receivedAt.toISOString();
}

/** "urn:ngsi-ld:AirQualityObserved:HCM-01" → "HCM-01". */
function shortId(id: string, type: string): string {
  return id.startsWith(`urn:ngsi-ld:${type}:`) ? id.slice(`urn:ngsi-ld:${type}:`.length) : id;
}

/**
 * Device id: refDevice "urn:ngsi-ld:Device:aq-01" → "aq-01", else the entity's short id. On an entity topic
 * (`ngsi-ld/<Type>/<entity id>`, `bound`) the entity is the identity the broker authorised, so a refDevice
 * pointing at another device would let it write that device's readings: refused.
 */
function deviceIdOf(entity: JsonObject, id: string, type: string, bound: boolean): string {
  const own = shortId(id, type);
  const ref = attr(entity, 'refDevice')?.value;
  const refId = Array.isArray(ref) ? ref[0] : ref;
  if (typeof refId !== 'string' || refId.length === 0) return own;
  const device = refId.replace(/^urn:ngsi-ld:Device:/, '');
  if (bound && device !== own) {
    identityMismatch(
      `refDevice "${refId.slice(0, 100)}" is not the device of the topic's entity "${id.slice(0, 100)}"`,
    );
  }
  return device;
}

/** The topic's entity id names the entity: its full id, or the short form after `urn:ngsi-ld:<Type>:`. */
function isTopicEntity(id: string, type: string, topicId: string): boolean {
  return id === topicId || shortId(id, type) === topicId;
}

/** GeoJSON Point → [lat, lon, alt]; other geometries carry no single position. */
function pointOf(entity: JsonObject): [number, number, number | null] | null {
  const geo = attr(entity, 'location')?.value;
  if (!isObject(geo) || geo['type'] !== 'Point') return null;
  const c = geo['coordinates'];
  if (!Array.isArray(c) || c.length < 2) fail('location Point needs [lon, lat] coordinates');
  const [lon, lat, alt] = c as unknown[];
  if (!isLatitude(lat)) fail(`latitude out of range: ${describe(lat)}`);
  if (!isLongitude(lon)) fail(`longitude out of range: ${describe(lon)}`);
  return [lat, lon, isFiniteNumber(alt) ? alt : null];
}

function adaptObservation(
  entity: JsonObject,
  id: string,
  type: string,
  bound: boolean,
  receivedAt: Date,
  ctx: AdapterContext,
): NormalizedRecord[] {
  const deviceId = deviceIdOf(entity, id, type, bound);
  const time = entityTime(
    entity,
    ['dateObserved', 'dateObservedTo', 'dateObservedFrom', 'TimeInstant', 'dateModified'],
    receivedAt,
    ctx,
  );
  const records: NormalizedRecord[] = [];
  for (const key of Object.keys(entity)) {
    if (key === 'id' || key === 'type' || key.startsWith('@') || NOT_MEASUREMENTS.has(key)) continue;
    const a = attr(entity, key);
    if (a === undefined) continue;
    const { value } = a;
    if (typeof value === 'number' && !Number.isFinite(value)) fail(`${key}: value is not finite (${value})`);
    if (!isFiniteNumber(value) && typeof value !== 'boolean') continue;
    const unit = a.unitCode === undefined ? null : (lookup(UNCEFACT_UNITS, a.unitCode) ?? a.unitCode);
    const at = a.observedAt === undefined ? time : timeValue(a.observedAt, `${key}.observedAt`, ctx);
    const numeric = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    records.push(readingRecord({ time: at, deviceId, metric: key, value: numeric, unit, source: 'fiware' }));
  }
  const point = pointOf(entity);
  if (point !== null) records.push(locationRecord(deviceId, point[0], point[1], point[2], time, 'fiware'));
  return records;
}

function optLabel(entity: JsonObject, key: string, max: number): string | null {
  const v = attr(entity, key)?.value;
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') fail(`${key} must be a string, got ${describe(v)}`);
  const label = cleanLabel(v, max);
  return label.length > 0 ? label : null;
}

function adaptAlert(entity: JsonObject, id: string, receivedAt: Date, ctx: AdapterContext): NormalizedRecord {
  const category = optLabel(entity, 'category', 100) ?? fail('Alert has no category');
  const severityText = optLabel(entity, 'severity', 40);
  const descriptionRaw = attr(entity, 'description')?.value;
  if (descriptionRaw !== undefined && typeof descriptionRaw !== 'string')
    fail(`description must be a string, got ${describe(descriptionRaw)}`);
  const point = pointOf(entity);
  return {
    type: 'signal',
    signal: {
      kind: 'fiware_alert',
      sourceId: id,
      time: entityTime(entity, ['dateIssued', 'validFrom', 'dateObserved', 'dateCreated'], receivedAt, ctx),
      category,
      subCategory: optLabel(entity, 'subCategory', 100),
      severity:
        severityText === null
          ? 'Unknown'
          : ((lookup(ALERT_SEVERITY, severityText) as CapSeverity | undefined) ?? 'Unknown'),
      description: cleanText(descriptionRaw ?? '', Math.min(ctx.maxTextChars, SIGNAL_TEXT_MAX)).text,
      lat: point?.[0] ?? null,
      lon: point?.[1] ?? null,
      contact: null,
      photoUrl: null,
      raw: entity,
      source: 'fiware',
    },
  };
}

/** Entity type may be a short name or an expanded URI (".../AirQualityObserved"). */
function shortType(type: string): string {
  return type.slice(Math.max(type.lastIndexOf('/'), type.lastIndexOf('#')) + 1);
}

/**
 * NGSI-LD entity on `ngsi-ld/<Type>/<id>` (keyValues or normalized; also a notification `{data:[…]}` or an
 * array of entities). Observed types become readings (+ location), Alert becomes an incident signal.
 */
function adaptFiware(
  topic: string,
  payload: Uint8Array,
  receivedAt: Date,
  ctx: AdapterContext,
): ReturnType<FeedAdapter> {
  const levels = topic.split('/');
  const topicType = levels.length >= 2 && levels[0] === 'ngsi-ld' ? levels[1] : null;
  // `ngsi-ld/<Type>/<entity id>` names one entity; `ngsi-ld/<Type>` (context-broker notifications of many
  // entities, forwarded by the trusted bridge) names none.
  const topicEntity = levels.length >= 3 ? levels.slice(2).join('/') : '';
  const topicId = topicEntity.length > 0 ? topicEntity : null;
  // Only our own topic layout carries an identity; a custom route's levels are not an entity id.
  const boundId = topicType !== null ? topicId : null;
  const parsed = parseJsonPayload(payload, ctx.maxPayloadBytes);
  if (!parsed.ok) return reject(parsed.reason);
  const body = parsed.value;
  const entities = Array.isArray(body)
    ? body
    : isObject(body) && Array.isArray(body['data'])
      ? body['data']
      : [body];
  if (entities.length === 0) return reject('no entities in payload');
  const records: NormalizedRecord[] = [];
  entities.forEach((entity, i) => {
    const at = entities.length > 1 ? `entity ${i}: ` : '';
    if (!isObject(entity)) fail(`${at}entity must be a JSON object, got ${describe(entity)}`);
    if (typeof entity['type'] !== 'string') fail(`${at}entity has no type`);
    const type = shortType(entity['type']);
    if (topicType !== null && type !== topicType)
      fail(`${at}entity type "${type}" differs from topic type "${topicType}"`);
    const id = typeof entity['id'] === 'string' ? entity['id'] : entities.length === 1 ? topicId : null;
    if (id === null || id.length === 0 || id.length > 300)
      fail(`${at}entity id missing or longer than 300 characters`);
    if (boundId !== null && !isTopicEntity(id, type, boundId)) {
      identityMismatch(
        `${at}entity "${id.slice(0, 100)}" is not the topic's entity "${boundId.slice(0, 100)}"`,
      );
    }
    const bound = boundId !== null;
    if (OBSERVED_TYPES.has(type)) records.push(...adaptObservation(entity, id, type, bound, receivedAt, ctx));
    else if (type === 'Alert') records.push(adaptAlert(entity, id, receivedAt, ctx));
    else fail(`${at}unsupported NGSI-LD entity type "${type.slice(0, 60)}"`);
  });
  return accept(records);
}

export const fiwareAdapter: FeedAdapter = guardAdapter('fiware', adaptFiware);

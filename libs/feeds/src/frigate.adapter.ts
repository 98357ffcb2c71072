import type { CameraEventPhase } from '@ioc/contracts/camera-event.schema';
import type { NormalizedRecord } from '@ioc/contracts/feed-result.schema';
import type { AdapterContext, FeedAdapter } from './adapter.types';
import { lookup } from './adapter.context';
import { identityMismatch } from './identity.check';
import { describe, isFiniteNumber, isObject, type JsonObject } from './json.util';
import { decodeUtf8, parseJsonPayload } from './parse-json';
import { checkDeviceId } from './record.factory';
import { accept, fail, guardAdapter, reject } from './result.util';
import { isoFromEpochSeconds } from './time.util';

const PHASES = new Set<CameraEventPhase>(['new', 'update', 'end']);
/** Frigate ids are "<epoch>.<frac>-<random>"; the id goes into URLs, so only these characters pass. */
const ID_RE = /^[A-Za-z0-9._-]{1,100}$/;

function str(obj: JsonObject, key: string, max: number): string {
  const v = obj[key];
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    fail(`"${key}" must be a string of 1-${max} characters, got ${describe(v)}`);
  return v;
}

function strings(obj: JsonObject, key: string, max: number): string[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.length <= max)) {
    fail(`"${key}" must be an array of strings of at most ${max} characters`);
  }
  return v as string[];
}

function seconds(obj: JsonObject, key: string): string | null {
  const v = obj[key];
  if (v === undefined || v === null) return null;
  if (!isFiniteNumber(v)) fail(`"${key}" must be epoch seconds, got ${describe(v)}`);
  return isoFromEpochSeconds(v) ?? fail(`"${key}" out of range: ${v}`);
}

function score(obj: JsonObject, key: string): number | null {
  const v = obj[key];
  if (v === undefined || v === null) return null;
  if (!isFiniteNumber(v) || v < 0 || v > 1) fail(`"${key}" must be a score in [0, 1], got ${describe(v)}`);
  return v;
}

function flag(obj: JsonObject, key: string): boolean {
  const v = obj[key];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') fail(`"${key}" must be a boolean, got ${describe(v)}`);
  return v;
}

/** sub_label is null, a string (older Frigate) or [name, score] (0.14+). */
function subLabel(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  const name = Array.isArray(v) ? v[0] : v;
  if (typeof name !== 'string') fail(`"sub_label" must be a string or [name, score], got ${describe(v)}`);
  return name.slice(0, 200);
}

function box(v: unknown): [number, number, number, number] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.length !== 4 || !v.every(isFiniteNumber)) fail('"box" must be [x1, y1, x2, y2]');
  return [v[0], v[1], v[2], v[3]];
}

function envelope(body: unknown): { phase: CameraEventPhase; after: JsonObject } {
  if (!isObject(body)) return fail(`message must be a JSON object, got ${describe(body)}`);
  const phase = body['type'];
  if (typeof phase !== 'string' || !PHASES.has(phase as CameraEventPhase))
    fail(`"type" must be new, update or end, got ${describe(phase)}`);
  const after = body['after'];
  if (!isObject(after)) fail('"after" missing');
  return { phase: phase as CameraEventPhase, after };
}

function mediaUrl(ctx: AdapterContext, id: string, file: string, present: boolean): string | null {
  if (!present || ctx.frigateBaseUrl === null || ctx.frigateBaseUrl.length === 0) return null;
  return `${ctx.frigateBaseUrl.replace(/\/+$/, '')}/api/events/${encodeURIComponent(id)}/${file}`;
}

/**
 * Our camera id for a Frigate camera name. One NVR account publishes for all its cameras, so the topic cannot
 * say which camera speaks: only cameras of the city configuration are accepted. An unknown name (a camera
 * added to Frigate but not to city.json, or a forged one) is dead-lettered, not stored under that name.
 */
function cameraId(ctx: AdapterContext, frigateCamera: string): string {
  const id = lookup(ctx.frigateCameras, frigateCamera);
  if (id === undefined) {
    identityMismatch(
      `camera "${frigateCamera.slice(0, 100)}" is not a camera of the city configuration (cameras[].frigateName)`,
    );
  }
  return checkDeviceId(id);
}

function eventRecord(body: unknown, receivedAt: Date, ctx: AdapterContext): NormalizedRecord {
  const { phase, after } = envelope(body);
  const id = str(after, 'id', 100);
  if (!ID_RE.test(id)) fail(`invalid event id "${id.slice(0, 40)}"`);
  const frigateCamera = str(after, 'camera', 200);
  const startTime = seconds(after, 'start_time') ?? fail('"start_time" missing');
  // `end` always closes: Frigate sets end_time then, but fall back to the last frame or arrival if it did not.
  const endTime =
    seconds(after, 'end_time') ??
    (phase === 'end' ? (seconds(after, 'frame_time') ?? receivedAt.toISOString()) : null);
  const hasSnapshot = flag(after, 'has_snapshot');
  const hasClip = flag(after, 'has_clip');
  const zones = [
    ...new Set([...strings(after, 'entered_zones', 200), ...strings(after, 'current_zones', 200)]),
  ];
  const plateRaw = after['recognized_license_plate'];
  if (plateRaw !== undefined && plateRaw !== null && typeof plateRaw !== 'string')
    fail('"recognized_license_plate" must be a string');
  const plate =
    typeof plateRaw === 'string' && plateRaw.trim().length > 0 ? plateRaw.trim().slice(0, 32) : null;
  const boxValue = box(after['box']);
  return {
    type: 'camera_event',
    event: {
      id,
      camera: cameraId(ctx, frigateCamera),
      frigateCamera,
      phase,
      label: str(after, 'label', 100),
      subLabel: subLabel(after['sub_label']),
      score: score(after, 'score'),
      topScore: score(after, 'top_score'),
      zones,
      startTime,
      endTime,
      falsePositive: flag(after, 'false_positive'),
      hasSnapshot,
      hasClip,
      snapshotUrl: mediaUrl(ctx, id, 'snapshot.jpg', hasSnapshot),
      clipUrl: mediaUrl(ctx, id, 'clip.mp4', hasClip),
      ...(boxValue === undefined ? {} : { box: boxValue }),
      plate,
      source: 'frigate',
    },
  };
}

function reviewRecord(body: unknown, receivedAt: Date, ctx: AdapterContext): NormalizedRecord {
  const { phase, after } = envelope(body);
  const id = str(after, 'id', 100);
  const frigateCamera = str(after, 'camera', 200);
  const severity = after['severity'];
  if (severity !== 'alert' && severity !== 'detection')
    fail(`"severity" must be alert or detection, got ${describe(severity)}`);
  const data = after['data'] ?? {};
  if (!isObject(data)) fail('"data" must be an object');
  const startTime = seconds(after, 'start_time') ?? fail('"start_time" missing');
  return {
    type: 'camera_review',
    review: {
      id,
      camera: cameraId(ctx, frigateCamera),
      frigateCamera,
      phase,
      severity,
      startTime,
      endTime: seconds(after, 'end_time') ?? (phase === 'end' ? receivedAt.toISOString() : null),
      objects: strings(data, 'objects', 100),
      zones: strings(data, 'zones', 200),
      subLabels: strings(data, 'sub_labels', 200),
      detections: strings(data, 'detections', 100),
      source: 'frigate',
    },
  };
}

/** `frigate/available`: "online", or "offline" (LWT) / "stopped" (clean shutdown). Retained: current state. */
function availabilityRecord(payload: Uint8Array, receivedAt: Date, ctx: AdapterContext): NormalizedRecord {
  const text = decodeUtf8(payload, 64);
  if (!text.ok) fail(text.reason);
  const state = text.value.trim();
  if (state !== 'online' && state !== 'offline' && state !== 'stopped')
    fail(`availability must be online, offline or stopped, got "${state.slice(0, 20)}"`);
  return {
    type: 'availability',
    availability: {
      deviceId: checkDeviceId(ctx.frigateInstanceId),
      online: state === 'online',
      time: receivedAt.toISOString(),
      source: 'frigate',
    },
  };
}

/** Frigate NVR MQTT: `<prefix>/events`, `<prefix>/reviews`, `<prefix>/available` (prefix "frigate" by default). */
function adaptFrigate(
  topic: string,
  payload: Uint8Array,
  receivedAt: Date,
  ctx: AdapterContext,
): ReturnType<FeedAdapter> {
  const kind = topic.slice(topic.lastIndexOf('/') + 1);
  if (kind === 'available') return accept([availabilityRecord(payload, receivedAt, ctx)]);
  if (kind !== 'events' && kind !== 'reviews')
    return reject(`unsupported Frigate topic "${topic.slice(0, 100)}"`);
  const parsed = parseJsonPayload(payload, ctx.maxPayloadBytes);
  if (!parsed.ok) return reject(parsed.reason);
  return accept([
    kind === 'events'
      ? eventRecord(parsed.value, receivedAt, ctx)
      : reviewRecord(parsed.value, receivedAt, ctx),
  ]);
}

export const frigateAdapter: FeedAdapter = guardAdapter('frigate', adaptFrigate);

import type { CityCamera } from '@ioc/contracts/city.schema';
import type { EncodedMessage } from './encoder.types';
import { hashKey } from './keyed-noise.prng';

/** One object Frigate tracks on a camera, from first sight to loss. */
export interface TrackedObject {
  camera: CityCamera;
  /** person, car, motorcycle, truck, fire, smoke, … */
  label: string;
  startMs: number;
  /** How long the object stays in view. */
  durationMs: number;
  /** Score of the best frame; the first frame scores lower. */
  topScore: number;
  /** Zones the object enters (Frigate zone names on that camera). */
  zones?: string[];
  /** Recognised licence plate (Frigate 0.14+ LPR), on cars/motorcycles/trucks. */
  plate?: string;
  seed: number;
}

/** Frigate event ids: `<start epoch s with µs>-<6 random base36>`. */
export function frigateEventId(o: Pick<TrackedObject, 'camera' | 'label' | 'startMs' | 'seed'>): string {
  const rand = hashKey(o.seed, o.camera.id, o.label, o.startMs).toString(36).padStart(6, '0').slice(-6);
  return `${(o.startMs / 1000).toFixed(6)}-${rand}`;
}

type Phase = 'new' | 'update' | 'end';

function snapshotOf(o: TrackedObject, id: string, phase: Phase, frameMs: number) {
  const progress = phase === 'new' ? 0 : phase === 'update' ? 0.5 : 1;
  const score = Math.round((o.topScore - 0.12 * (1 - progress)) * 1000) / 1000;
  const x = 300 + Math.round(400 * progress);
  const box = [x, 420, x + 110, 640];
  const zones = o.zones ?? [];
  return {
    id,
    camera: o.camera.frigateName,
    frame_time: frameMs / 1000,
    snapshot: { frame_time: frameMs / 1000, box, area: 24200, region: [x - 100, 330, x + 220, 650], score },
    label: o.label,
    sub_label: null,
    top_score: phase === 'new' ? score : o.topScore,
    false_positive: false,
    start_time: o.startMs / 1000,
    end_time: phase === 'end' ? frameMs / 1000 : null,
    score,
    box,
    area: 24200,
    ratio: 0.5,
    region: [x - 100, 330, x + 220, 650],
    // An object is seen outside its zones first, then inside them.
    current_zones: phase === 'new' ? [] : zones,
    entered_zones: phase === 'new' ? [] : zones,
    thumbnail: null,
    has_snapshot: true,
    has_clip: phase !== 'new',
    active: phase !== 'end',
    stationary: false,
    motionless_count: 0,
    position_changes: phase === 'new' ? 0 : 2,
    attributes: {},
    current_attributes: [],
    recognized_license_plate: o.plate && phase !== 'new' ? o.plate : null,
    recognized_license_plate_score: o.plate && phase !== 'new' ? 0.91 : null,
  };
}

export interface TimedMessage extends EncodedMessage {
  timeMs: number;
}

/**
 * The `frigate/events` messages of one tracked object: `new` at first sight, `update` when it enters its
 * zones (and its plate is read), `end` when it leaves, with `before`/`after` as Frigate sends them.
 */
export function frigateEventMessages(o: TrackedObject): TimedMessage[] {
  const id = frigateEventId(o);
  const times: [Phase, number][] = [
    ['new', o.startMs + 400],
    ['update', o.startMs + Math.round(o.durationMs / 2)],
    ['end', o.startMs + o.durationMs],
  ];
  let before = snapshotOf(o, id, 'new', times[0][1]);
  return times.map(([type, t]) => {
    const after = snapshotOf(o, id, type, t);
    const msg = { type, before: type === 'new' ? after : before, after };
    before = after;
    return { timeMs: t, topic: 'frigate/events', payload: Buffer.from(JSON.stringify(msg)) };
  });
}

/**
 * The `frigate/reviews` messages of a review item grouping tracked objects: `new` (detection), `update`
 * (promoted to alert once an object enters a zone), `end`.
 */
export function frigateReviewMessages(objects: TrackedObject[]): TimedMessage[] {
  if (objects.length === 0) return [];
  const first = objects[0];
  const startMs = Math.min(...objects.map((o) => o.startMs));
  const endMs = Math.max(...objects.map((o) => o.startMs + o.durationMs));
  const id = `${(startMs / 1000).toFixed(6)}-${hashKey(first.seed, 'review', first.camera.id, startMs).toString(36).padStart(6, '0').slice(-6)}`;
  const item = (severity: 'detection' | 'alert', end: number | null) => ({
    id,
    camera: first.camera.frigateName,
    start_time: startMs / 1000,
    end_time: end === null ? null : end / 1000,
    severity,
    thumb_path: `/media/frigate/clips/review/thumb-${first.camera.frigateName}-${id}.webp`,
    data: {
      detections: objects.map(frigateEventId),
      objects: [...new Set(objects.map((o) => o.label))],
      sub_labels: [],
      zones: severity === 'alert' ? [...new Set(objects.flatMap((o) => o.zones ?? []))] : [],
      audio: [],
    },
  });
  const newItem = item('detection', null);
  const alert = item('alert', null);
  const ended = item('alert', endMs);
  const msgs: [string, number, object, object][] = [
    ['new', startMs + 500, newItem, newItem],
    ['update', startMs + Math.round((endMs - startMs) / 2) + 100, newItem, alert],
    ['end', endMs + 100, alert, ended],
  ];
  return msgs.map(([type, t, before, after]) => ({
    timeMs: t,
    topic: 'frigate/reviews',
    payload: Buffer.from(JSON.stringify({ type, before, after })),
  }));
}

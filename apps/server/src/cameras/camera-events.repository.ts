import { Injectable } from '@nestjs/common';
import type { CameraEvent, CameraEventPhase } from '@ioc/contracts/camera-event.schema';
import type { CameraReview } from '@ioc/contracts/camera-review.schema';
import type { CameraEventLivePayload } from '@ioc/contracts/live-event.schema';
import { Database } from '../db/database.pool';
import { appendLiveEvents } from '../outbox/live-events.repository';

export interface StoredCameraEvent extends CameraEvent {
  receivedAt: string;
}

export interface CameraEventRow {
  id: string;
  camera: string;
  frigateCamera: string;
  phase: string;
  label: string;
  subLabel: string | null;
  score: number | null;
  topScore: number | null;
  zones: string[];
  startTime: string;
  endTime: string | null;
  falsePositive: boolean;
  snapshotUrl: string | null;
  clipUrl: string | null;
  plate: string | null;
}

/** The camera_events columns this repository reads back, as pg returns them; each query picks its own. */
interface CameraEventTableRow {
  id: string;
  camera: string;
  frigate_camera: string;
  phase: CameraEventPhase;
  label: string;
  sub_label: string | null;
  score: number | null;
  top_score: number | null;
  zones: string[];
  start_time: Date;
  end_time: Date | null;
  false_positive: boolean;
  snapshot_url: string | null;
  clip_url: string | null;
  plate: string | null;
}

/** What the upsert returns: the event as the live channel shows it (no camera mapping, no media links). */
type ChangedEventRow = Omit<CameraEventTableRow, 'frigate_camera' | 'snapshot_url' | 'clip_url'>;

/** The stored event as the live channel carries it; the REST list adds the Frigate name and media links. */
function toLivePayload(r: ChangedEventRow): CameraEventLivePayload {
  return {
    id: r.id,
    camera: r.camera,
    label: r.label,
    subLabel: r.sub_label,
    phase: r.phase,
    score: r.score,
    topScore: r.top_score,
    zones: r.zones,
    startTime: r.start_time.toISOString(),
    endTime: r.end_time?.toISOString() ?? null,
    falsePositive: r.false_positive,
    plate: r.plate,
  };
}

/**
 * Frigate sends many messages per event id; within one batch only the last message per id is kept
 * (an UPSERT cannot touch a row twice), and `end` is sticky: a late update never reopens an event.
 */
export function mergeEvents(rows: StoredCameraEvent[]): StoredCameraEvent[] {
  const byId = new Map<string, StoredCameraEvent>();
  for (const r of rows) {
    const key = `${r.id}\u0000${r.startTime}`;
    const prev = byId.get(key);
    if (prev && prev.phase === 'end' && r.phase !== 'end') continue;
    byId.set(key, prev ? { ...r, endTime: r.endTime ?? prev.endTime } : r);
  }
  return [...byId.values()];
}

/**
 * The unnest parameters both Frigate tables start with ($1-$5): key (id, start_time), camera names and phase.
 * Events and reviews are upserted the same way; only the columns after these differ.
 */
function frigateKeyParams(rows: (CameraEvent | CameraReview)[]): string[][] {
  return [
    rows.map((r) => r.id),
    rows.map((r) => r.startTime),
    rows.map((r) => r.camera),
    rows.map((r) => r.frigateCamera),
    rows.map((r) => r.phase),
  ];
}

@Injectable()
export class CameraEventsRepository {
  constructor(private readonly db: Database) {}

  async upsert(input: StoredCameraEvent[]): Promise<void> {
    const rows = mergeEvents(input);
    if (rows.length === 0) return;
    // The upsert and its live events commit together; rows the WHERE leaves untouched emit nothing.
    await this.db.tx(async (client) => {
      const changed = await client.query<ChangedEventRow>(
        `INSERT INTO camera_events (id, start_time, camera, frigate_camera, phase, label, sub_label, score, top_score,
                                  zones, end_time, false_positive, has_snapshot, has_clip, snapshot_url, clip_url,
                                  box, plate, received_at, updated_at)
       SELECT id, start_time, camera, frigate_camera, phase, label, sub_label, score, top_score,
              COALESCE((SELECT array_agg(z) FROM jsonb_array_elements_text(zones) z), '{}'),
              end_time, false_positive, has_snapshot, has_clip, snapshot_url, clip_url,
              (SELECT array_agg(b::real) FROM jsonb_array_elements_text(box) b), plate, received_at, received_at
         FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::float8[], $9::float8[], $10::jsonb[], $11::timestamptz[], $12::bool[], $13::bool[], $14::bool[],
                     $15::text[], $16::text[], $17::jsonb[], $18::text[], $19::timestamptz[])
           AS t(id, start_time, camera, frigate_camera, phase, label, sub_label, score, top_score, zones, end_time,
                false_positive, has_snapshot, has_clip, snapshot_url, clip_url, box, plate, received_at)
       ON CONFLICT ON CONSTRAINT camera_events_pkey DO UPDATE SET
         phase = CASE WHEN camera_events.phase = 'end' THEN 'end' ELSE EXCLUDED.phase END,
         label = EXCLUDED.label, sub_label = COALESCE(EXCLUDED.sub_label, camera_events.sub_label),
         score = EXCLUDED.score,
         top_score = GREATEST(EXCLUDED.top_score, camera_events.top_score),
         zones = EXCLUDED.zones,
         end_time = COALESCE(EXCLUDED.end_time, camera_events.end_time),
         false_positive = EXCLUDED.false_positive,
         has_snapshot = EXCLUDED.has_snapshot OR camera_events.has_snapshot,
         has_clip = EXCLUDED.has_clip OR camera_events.has_clip,
         snapshot_url = COALESCE(EXCLUDED.snapshot_url, camera_events.snapshot_url),
         clip_url = COALESCE(EXCLUDED.clip_url, camera_events.clip_url),
         box = COALESCE(EXCLUDED.box, camera_events.box),
         plate = COALESCE(EXCLUDED.plate, camera_events.plate),
         updated_at = GREATEST(EXCLUDED.updated_at, camera_events.updated_at)
       WHERE camera_events.phase <> 'end' OR EXCLUDED.phase = 'end'
       RETURNING id, camera, label, sub_label, phase, score, top_score, zones, start_time, end_time, false_positive,
                 plate`,
        [
          ...frigateKeyParams(rows),
          rows.map((r) => r.label),
          rows.map((r) => r.subLabel),
          rows.map((r) => r.score),
          rows.map((r) => r.topScore),
          rows.map((r) => JSON.stringify(r.zones)),
          rows.map((r) => r.endTime),
          rows.map((r) => r.falsePositive),
          rows.map((r) => r.hasSnapshot),
          rows.map((r) => r.hasClip),
          rows.map((r) => r.snapshotUrl),
          rows.map((r) => r.clipUrl),
          rows.map((r) => (r.box ? JSON.stringify(r.box) : null)),
          rows.map((r) => r.plate),
          rows.map((r) => r.receivedAt),
        ],
      );
      await appendLiveEvents(
        client,
        changed.rows.map((r) => ({
          kind: 'camera_event' as const,
          entityId: r.id,
          op: r.phase,
          payload: toLivePayload(r),
        })),
      );
    });
  }

  async upsertReviews(input: (CameraReview & { receivedAt: string })[]): Promise<void> {
    const byId = new Map<string, CameraReview & { receivedAt: string }>();
    for (const r of input) {
      const prev = byId.get(r.id);
      if (prev?.phase === 'end' && r.phase !== 'end') continue;
      byId.set(r.id, r);
    }
    const rows = [...byId.values()];
    if (rows.length === 0) return;
    await this.db.pool.query(
      `INSERT INTO camera_reviews (id, start_time, camera, frigate_camera, phase, severity, end_time, objects, zones,
                                   sub_labels, detections, updated_at)
       SELECT id, start_time, camera, frigate_camera, phase, severity, end_time,
              ARRAY(SELECT jsonb_array_elements_text(objects)), ARRAY(SELECT jsonb_array_elements_text(zones)),
              ARRAY(SELECT jsonb_array_elements_text(sub_labels)), ARRAY(SELECT jsonb_array_elements_text(detections)),
              updated_at
         FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[],
                     $8::jsonb[], $9::jsonb[], $10::jsonb[], $11::jsonb[], $12::timestamptz[])
           AS t(id, start_time, camera, frigate_camera, phase, severity, end_time, objects, zones, sub_labels,
                detections, updated_at)
       ON CONFLICT ON CONSTRAINT camera_reviews_pkey DO UPDATE SET
         phase = CASE WHEN camera_reviews.phase = 'end' THEN 'end' ELSE EXCLUDED.phase END,
         severity = EXCLUDED.severity, end_time = COALESCE(EXCLUDED.end_time, camera_reviews.end_time),
         objects = EXCLUDED.objects, zones = EXCLUDED.zones, sub_labels = EXCLUDED.sub_labels,
         detections = EXCLUDED.detections, updated_at = EXCLUDED.updated_at
       WHERE camera_reviews.phase <> 'end' OR EXCLUDED.phase = 'end'`,
      [
        ...frigateKeyParams(rows),
        rows.map((r) => r.severity),
        rows.map((r) => r.endTime),
        rows.map((r) => JSON.stringify(r.objects)),
        rows.map((r) => JSON.stringify(r.zones)),
        rows.map((r) => JSON.stringify(r.subLabels)),
        rows.map((r) => JSON.stringify(r.detections)),
        rows.map((r) => r.receivedAt),
      ],
    );
  }

  async list(f: {
    camera?: string;
    label?: string;
    from?: string;
    to?: string;
    limit: number;
  }): Promise<CameraEventRow[]> {
    const rows = await this.db.query<CameraEventTableRow>(
      `SELECT id, camera, frigate_camera, phase, label, sub_label, score, top_score, zones, start_time, end_time,
              false_positive, snapshot_url, clip_url, plate
         FROM camera_events
        WHERE ($1::text IS NULL OR camera = $1)
          AND ($2::text IS NULL OR label = $2)
          AND ($3::timestamptz IS NULL OR start_time >= $3)
          AND ($4::timestamptz IS NULL OR start_time < $4)
        ORDER BY start_time DESC
        LIMIT $5`,
      [f.camera ?? null, f.label ?? null, f.from ?? null, f.to ?? null, f.limit],
    );
    return rows.map((r) => ({
      ...toLivePayload(r),
      frigateCamera: r.frigate_camera,
      snapshotUrl: r.snapshot_url,
      clipUrl: r.clip_url,
    }));
  }
}

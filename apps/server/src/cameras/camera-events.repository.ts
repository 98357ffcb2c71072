import { Injectable } from '@nestjs/common';
import { sql, type Selectable } from 'kysely';
import type { CameraEvent } from '@ioc/contracts/camera-event.schema';
import type { CameraReview } from '@ioc/contracts/camera-review.schema';
import type { CameraEventLivePayload } from '@ioc/contracts/live-event.schema';
import { Database } from '../db/database.pool';
import type { CameraEventsTable } from '../db/database.schema';
import { timestamptz } from '../db/query.helpers';
import { appendLiveEvents } from '../outbox/live-events.repository';

/*
 * The two upserts stay raw SQL (run through Kysely for the typed, camel-cased RETURNING): batch writers on
 * the ingest path, `unnest` arrays with a merge rule per column that the query builder would only obscure.
 */

export interface StoredCameraEvent extends CameraEvent {
  receivedAt: string;
}

/** The camera_events columns the live channel carries, in its payload's order (the upsert returns them). */
const LIVE_COLUMNS = [
  'id',
  'camera',
  'label',
  'subLabel',
  'phase',
  'score',
  'topScore',
  'zones',
  'startTime',
  'endTime',
  'falsePositive',
  'plate',
] as const satisfies readonly (keyof CameraEventLivePayload)[];
type LiveRow = Pick<Selectable<CameraEventsTable>, (typeof LIVE_COLUMNS)[number]>;

/** What GET /api/camera-events lists: the live payload, then the Frigate camera name and media links. */
const LIST_EXTRA = ['frigateCamera', 'snapshotUrl', 'clipUrl'] as const;
export type CameraEventRow = CameraEventLivePayload &
  Pick<Selectable<CameraEventsTable>, (typeof LIST_EXTRA)[number]>;

/** The stored event as the live channel carries it; the REST list adds the Frigate name and media links. */
function toLivePayload(r: LiveRow): CameraEventLivePayload {
  return { ...r, startTime: r.startTime.toISOString(), endTime: r.endTime?.toISOString() ?? null };
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
    await this.db.tx(async (client, k) => {
      const [id, startTime, camera, frigateCamera, phase] = frigateKeyParams(rows);
      const changed = await sql<LiveRow>`
       INSERT INTO camera_events (id, start_time, camera, frigate_camera, phase, label, sub_label, score, top_score,
                                  zones, end_time, false_positive, has_snapshot, has_clip, snapshot_url, clip_url,
                                  box, plate, received_at, updated_at)
       SELECT id, start_time, camera, frigate_camera, phase, label, sub_label, score, top_score,
              COALESCE((SELECT array_agg(z) FROM jsonb_array_elements_text(zones) z), '{}'),
              end_time, false_positive, has_snapshot, has_clip, snapshot_url, clip_url,
              (SELECT array_agg(b::real) FROM jsonb_array_elements_text(box) b), plate, received_at, received_at
         FROM unnest(${id}::text[], ${startTime}::timestamptz[], ${camera}::text[], ${frigateCamera}::text[],
                     ${phase}::text[], ${rows.map((r) => r.label)}::text[], ${rows.map((r) => r.subLabel)}::text[],
                     ${rows.map((r) => r.score)}::float8[], ${rows.map((r) => r.topScore)}::float8[],
                     ${rows.map((r) => JSON.stringify(r.zones))}::jsonb[], ${rows.map((r) => r.endTime)}::timestamptz[],
                     ${rows.map((r) => r.falsePositive)}::bool[], ${rows.map((r) => r.hasSnapshot)}::bool[],
                     ${rows.map((r) => r.hasClip)}::bool[], ${rows.map((r) => r.snapshotUrl)}::text[],
                     ${rows.map((r) => r.clipUrl)}::text[],
                     ${rows.map((r) => (r.box ? JSON.stringify(r.box) : null))}::jsonb[],
                     ${rows.map((r) => r.plate)}::text[], ${rows.map((r) => r.receivedAt)}::timestamptz[])
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
       RETURNING ${sql.join(LIVE_COLUMNS.map((c) => sql.ref(c)))}`.execute(k);
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
    let q = this.db.kysely
      .selectFrom('camera_events')
      .select([...LIVE_COLUMNS, ...LIST_EXTRA])
      .orderBy('startTime', 'desc')
      .limit(f.limit);
    if (f.camera !== undefined) q = q.where('camera', '=', f.camera);
    if (f.label !== undefined) q = q.where('label', '=', f.label);
    if (f.from !== undefined) q = q.where('startTime', '>=', timestamptz(f.from));
    if (f.to !== undefined) q = q.where('startTime', '<', timestamptz(f.to));
    const rows = await q.execute();
    return rows.map(({ frigateCamera, snapshotUrl, clipUrl, ...r }) => ({
      ...toLivePayload(r),
      frigateCamera,
      snapshotUrl,
      clipUrl,
    }));
  }

  /** Our camera id of a stored Frigate event, or undefined when the server never received that id. */
  async cameraOf(eventId: string): Promise<string | undefined> {
    const row = await this.db.kysely
      .selectFrom('camera_events')
      .select('camera')
      .where('id', '=', eventId)
      .limit(1)
      .executeTakeFirst();
    return row?.camera;
  }
}

import { Injectable } from '@nestjs/common';
import type { MetricState, SensorState } from '@ioc/contracts/sensor-state.schema';
import type { ReplayChange, ReplayIncident, ReplayState, ReplayUnit } from '@ioc/contracts/history.schema';
import { Database } from '../db/database.pool';

/** One series' last value, as the replay sensor queries select it. */
export interface SensorValueRow {
  device_id: string;
  metric: string;
  time: Date;
  value: number;
  unit: string | null;
}

/** Rows ordered by device and metric → one state per device. */
export function sensorStates(rows: readonly SensorValueRow[]): SensorState[] {
  const byDevice = new Map<string, Record<string, MetricState>>();
  for (const r of rows) {
    let m = byDevice.get(r.device_id);
    if (!m) byDevice.set(r.device_id, (m = {}));
    m[r.metric] = { value: r.value, unit: r.unit, time: r.time.toISOString() };
  }
  return [...byDevice].map(([deviceId, metrics]) => ({ deviceId, metrics }));
}

/**
 * The situation at a past instant, from the tables the live system writes: readings, the incident and
 * unit validity intervals (011_history.sql triggers), unit_positions and camera_events.
 */
@Injectable()
export class ReplayRepository {
  constructor(private readonly db: Database) {}

  /**
   * Last non-null value of every device metric in (at − lookback, at]. The series come from the
   * reading_series registry (020_reading_series.sql, kept by the readings writer): those whose time bounds
   * meet the window, a few hundred rows, whatever the size of readings. Each series' value is then one
   * backward probe of the (device_id, metric, time) key limited to the window. Enumerating from readings
   * itself cost a loose index scan on plain PostgreSQL and, on TimescaleDB, a read of the readings_1h
   * real-time aggregate (the materialised part plus an aggregation of the raw tail): 300 ms at 10 M
   * readings, against the registry's sub-millisecond read.
   */
  async sensors(at: string, lookbackS: number): Promise<SensorState[]> {
    const rows = await this.db.query<SensorValueRow>(
      `SELECT s.device_id, s.metric, r.time, r.value, r.unit
         FROM reading_series s CROSS JOIN LATERAL (
           SELECT time, value, unit FROM readings
            WHERE device_id = s.device_id AND metric = s.metric AND value IS NOT NULL
              AND time <= $1::timestamptz AND time > $1::timestamptz - make_interval(secs => $2)
            ORDER BY time DESC LIMIT 1) r
        WHERE s.first_time <= $1::timestamptz AND s.last_time > $1::timestamptz - make_interval(secs => $2)
        ORDER BY s.device_id, s.metric`,
      [at, lookbackS],
    );
    return sensorStates(rows);
  }

  /** Incidents open at `at`, with the status and severity valid then. */
  async incidents(at: string): Promise<ReplayIncident[]> {
    const rows = await this.db.query<{
      id: string;
      status: string;
      severity: string;
      category: string;
      title: string;
      title_en: string | null;
      ward: string | null;
      lat: number | null;
      lon: number | null;
      opened_at: Date;
      valid_from: Date;
    }>(
      `SELECT i.id, h.status, h.severity, i.category, i.title, i.title_en, i.ward, i.lat, i.lon, i.opened_at,
              h.valid_from
         FROM incident_history h JOIN incidents i ON i.id = h.incident_id
        WHERE tstzrange(h.valid_from, h.valid_to, '[)') @> $1::timestamptz
          -- literally the predicate of the partial index incident_history_open_valid_idx (011_history.sql),
          -- so the planner uses it; mirrors OPEN_INCIDENT_STATUSES (libs/domain incident.state-machine.ts)
          AND h.status IN ('new', 'acknowledged', 'dispatched', 'en_route', 'on_scene')
        ORDER BY i.opened_at, i.id`,
      [at],
    );
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      severity: r.severity,
      category: r.category,
      title: r.title,
      titleEn: r.title_en,
      ward: r.ward,
      lat: r.lat,
      lon: r.lon,
      openedAt: r.opened_at.toISOString(),
      since: r.valid_from.toISOString(),
    }));
  }

  /** Every unit's status and assignment at `at`, with its last GPS fix in (at − lookback, at]. */
  async units(at: string, lookbackS: number): Promise<ReplayUnit[]> {
    const rows = await this.db.query<{
      id: string;
      status: string | null;
      incident_id: string | null;
      lat: number | null;
      lon: number | null;
      time: Date | null;
      heading: number | null;
    }>(
      `SELECT u.id, h.status, h.incident_id, p.lat, p.lon, p.time, p.heading
         FROM units u
         LEFT JOIN LATERAL (
           -- the latest interval starting by T (intervals of a unit are contiguous)
           SELECT status, incident_id FROM unit_history
            WHERE unit_id = u.id AND valid_from <= $1::timestamptz
            ORDER BY valid_from DESC, id DESC LIMIT 1) h ON true
         LEFT JOIN LATERAL (
           -- fixes are stored under the unit id when city.json maps the tracker, else under the tracker
           SELECT lat, lon, time, heading FROM (
             (SELECT lat, lon, time, heading FROM unit_positions
               WHERE unit_id = u.id AND time <= $1::timestamptz AND time > $1::timestamptz - make_interval(secs => $2)
               ORDER BY time DESC LIMIT 1)
             UNION ALL
             (SELECT lat, lon, time, heading FROM unit_positions
               WHERE unit_id = u.tracker AND time <= $1::timestamptz AND time > $1::timestamptz - make_interval(secs => $2)
               ORDER BY time DESC LIMIT 1)) x ORDER BY time DESC LIMIT 1) p ON true
        ORDER BY u.id`,
      [at, lookbackS],
    );
    return rows
      .filter((r) => r.status !== null)
      .map((r) => ({
        id: r.id,
        status: r.status!,
        incidentId: r.incident_id,
        position:
          r.time && r.lat !== null && r.lon !== null
            ? { lat: r.lat, lon: r.lon, time: r.time.toISOString(), heading: r.heading }
            : null,
      }));
  }

  /** Camera events started in (at − lookback, at] and not ended by `at` (false positives left out). */
  async cameraEvents(at: string, lookbackS: number): Promise<ReplayState['cameraEvents']> {
    const rows = await this.db.query<{
      id: string;
      camera: string;
      label: string;
      start_time: Date;
      end_time: Date | null;
      score: number | null;
    }>(
      `SELECT id, camera, label, start_time, end_time, top_score AS score FROM camera_events
        WHERE start_time <= $1::timestamptz AND start_time > $1::timestamptz - make_interval(secs => $2)
          AND (end_time IS NULL OR end_time > $1::timestamptz) AND NOT false_positive
        ORDER BY start_time, id`,
      [at, lookbackS],
    );
    return rows.map((r) => ({
      id: r.id,
      camera: r.camera,
      label: r.label,
      startTime: r.start_time.toISOString(),
      endTime: r.end_time?.toISOString() ?? null,
      score: r.score,
    }));
  }

  /** The changes in (from, to], in time order (ties by kind then id), at most `limit` + 1 rows. */
  async changes(from: string, to: string, limit: number): Promise<ReplayChange[]> {
    const rows = await this.db.query<{
      time: Date;
      kind: ReplayChange['kind'];
      id: string;
      a: string | null;
      b: string | null;
      x: number | null;
      y: number | null;
      z: number | null;
    }>(
      `SELECT * FROM (
         (SELECT time, 'reading' AS kind, device_id || '/' || metric AS id, device_id AS a, unit AS b,
                 value AS x, NULL::float8 AS y, NULL::float8 AS z
            FROM readings WHERE time > $1 AND time <= $2 AND value IS NOT NULL ORDER BY time LIMIT $3)
         UNION ALL
         (SELECT valid_from, 'incident', incident_id, status, severity, NULL, NULL, NULL
            FROM incident_history WHERE valid_from > $1 AND valid_from <= $2 ORDER BY valid_from LIMIT $3)
         UNION ALL
         (SELECT valid_from, 'unit', unit_id, status, incident_id, NULL, NULL, NULL
            FROM unit_history WHERE valid_from > $1 AND valid_from <= $2 ORDER BY valid_from LIMIT $3)
         UNION ALL
         (SELECT time, 'position', unit_id, NULL, NULL, lat, lon, heading
            FROM unit_positions WHERE time > $1 AND time <= $2 ORDER BY time LIMIT $3)
         UNION ALL
         (SELECT start_time, 'camera_start', id, camera, label, NULL, NULL, NULL
            FROM camera_events WHERE start_time > $1 AND start_time <= $2 AND NOT false_positive
           ORDER BY start_time LIMIT $3)
         UNION ALL
         (SELECT end_time, 'camera_end', id, NULL, NULL, NULL, NULL, NULL
            FROM camera_events WHERE end_time > $1 AND end_time <= $2 AND NOT false_positive
           ORDER BY end_time LIMIT $3)
       ) c ORDER BY time, kind, id LIMIT $3`,
      [from, to, limit + 1],
    );
    return rows.map((r): ReplayChange => {
      const time = r.time.toISOString();
      switch (r.kind) {
        case 'reading': {
          const metric = r.id.slice(r.a!.length + 1);
          return { kind: 'reading', time, deviceId: r.a!, metric, value: r.x!, unit: r.b };
        }
        case 'incident':
          return { kind: 'incident', time, id: r.id, status: r.a!, severity: r.b! };
        case 'unit':
          return { kind: 'unit', time, id: r.id, status: r.a!, incidentId: r.b };
        case 'position':
          return { kind: 'position', time, id: r.id, lat: r.x!, lon: r.y!, heading: r.z };
        case 'camera_start':
          return { kind: 'camera_start', time, id: r.id, camera: r.a!, label: r.b! };
        default:
          return { kind: 'camera_end', time, id: r.id };
      }
    });
  }
}

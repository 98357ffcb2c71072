import { Injectable } from '@nestjs/common';
import { Database } from '../db/database.pool';

export interface ReportIncidentRow {
  id: string;
  category: string;
  severity: string;
  status: string;
  ward: string | null;
  title: string;
  title_en: string | null;
  opened_at: Date;
  acknowledged_at: Date | null;
  dispatched_at: Date | null;
  resolved_at: Date | null;
}

/** The aggregates behind the daily report, each one indexed range read over [from, to). */
@Injectable()
export class DailyReportRepository {
  constructor(private readonly db: Database) {}

  incidents(from: string, to: string): Promise<ReportIncidentRow[]> {
    return this.db.query<ReportIncidentRow>(
      `SELECT id, category, severity, status, ward, title, title_en, opened_at, acknowledged_at, dispatched_at, resolved_at
         FROM incidents WHERE opened_at >= $1 AND opened_at < $2 ORDER BY opened_at, id`,
      [from, to],
    );
  }

  /**
   * Devices by time offline within the day: each offline event lasts until the device's next online
   * event (or the end of the day); a device already offline at the start counts from the start.
   */
  topOffline(
    from: string,
    to: string,
    limit: number,
  ): Promise<
    {
      device_id: string;
      name: string | null;
      ward: string | null;
      offline_events: number;
      offline_s: number;
    }[]
  > {
    return this.db.query(
      `WITH ev AS (
         SELECT device_id, time, kind FROM device_events WHERE time >= $1 AND time < $2
         UNION ALL
         SELECT DISTINCT ON (device_id) device_id, $1::timestamptz, kind FROM device_events
          WHERE time < $1 AND time >= $1::timestamptz - interval '30 days' ORDER BY device_id, time DESC),
       spans AS (
         SELECT device_id, kind, time,
                COALESCE(lead(time) OVER (PARTITION BY device_id ORDER BY time), $2::timestamptz) AS until
           FROM ev)
       SELECT s.device_id, d.name, d.ward,
              count(*) FILTER (WHERE s.time > $1::timestamptz)::int AS offline_events,
              round(sum(extract(epoch FROM s.until - s.time)))::int AS offline_s
         FROM spans s LEFT JOIN devices d ON d.id = s.device_id
        WHERE s.kind = 'offline'
        GROUP BY s.device_id, d.name, d.ward
        ORDER BY offline_s DESC, s.device_id LIMIT $3`,
      [from, to, limit],
    );
  }

  /** Hourly means of the VN_AQI pollutants per device, from 11 h before the day (NowCast needs 12 h). */
  aqiHourlyMeans(
    from: string,
    to: string,
    metrics: readonly string[],
  ): Promise<{ device_id: string; metric: string; hour: Date; mean: number; count: number }[]> {
    return this.db.query(
      `SELECT device_id, metric, date_trunc('hour', time) AS hour, avg(value) AS mean, count(value)::int AS count
         FROM readings
        WHERE time >= $1::timestamptz - interval '11 hours' AND time < $2 AND metric = ANY($3::text[])
          AND value IS NOT NULL
        GROUP BY 1, 2, 3`,
      [from, to, metrics],
    );
  }

  deviceNames(ids: readonly string[]): Promise<{ id: string; name: string; ward: string | null }[]> {
    return this.db.query('SELECT id, name, ward FROM devices WHERE id = ANY($1::text[])', [ids]);
  }
}

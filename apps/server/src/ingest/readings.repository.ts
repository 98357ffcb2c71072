import type { Reading } from '@ioc/contracts/reading.schema';
import type { Database } from '../db/database.repository';

export interface StoredReading extends Reading {
  receivedAt: string;
}

/** Multi-row insert through unnest: one round trip per batch, idempotent on (device_id, metric, time). */
export class ReadingsRepository {
  constructor(private readonly db: Database) {}

  async insert(rows: StoredReading[]): Promise<number> {
    if (rows.length === 0) return 0;
    const res = await this.db.pool.query(
      `INSERT INTO readings (time, device_id, metric, value, value_text, unit, source, received_at)
       SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[],
                            $7::text[], $8::timestamptz[])
       ON CONFLICT ON CONSTRAINT readings_device_metric_time_key DO NOTHING`,
      [
        rows.map((r) => r.time),
        rows.map((r) => r.deviceId),
        rows.map((r) => r.metric),
        rows.map((r) => r.value),
        rows.map((r) => r.valueText ?? null),
        rows.map((r) => r.unit ?? null),
        rows.map((r) => r.source),
        rows.map((r) => r.receivedAt),
      ],
    );
    return res.rowCount ?? 0;
  }

  /** Latest value per device and metric within the window, to seed the live state after a restart. */
  async latest(sinceHours = 24): Promise<Reading[]> {
    const rows = await this.db.query<{
      time: Date;
      device_id: string;
      metric: string;
      value: number | null;
      value_text: string | null;
      unit: string | null;
      source: string;
    }>(
      `SELECT DISTINCT ON (device_id, metric) time, device_id, metric, value, value_text, unit, source
         FROM readings
        WHERE time > now() - make_interval(hours => $1)
        ORDER BY device_id, metric, time DESC`,
      [sinceHours],
    );
    return rows.map((r) => ({
      time: r.time.toISOString(),
      deviceId: r.device_id,
      metric: r.metric,
      value: r.value,
      valueText: r.value_text,
      unit: r.unit,
      source: r.source as Reading['source'],
    }));
  }

  async count(): Promise<number> {
    const rows = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM readings');
    return Number(rows[0].n);
  }
}

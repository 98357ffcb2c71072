// Raw SQL on purpose (no Kysely): the readings hypertable's batch writer (COPY, `unnest` fallback) and its Timescale reads.
import { Injectable } from '@nestjs/common';
import type { Reading } from '@ioc/contracts/reading.schema';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';
import { Database } from '../db/database.pool';
import { copyField } from '../db/copy-text.util';
import { isDataError, isUniqueViolation } from '../db/sql-errors.util';

/** How long batches skip the COPY attempt after one met an already stored row. */
const CONFLICT_BACKOFF_MS = 10_000;

export interface StoredReading extends Reading {
  receivedAt: string;
}

/** A row of the readings table as selected (`time` is a Date from pg, or text when the query formats it). */
export interface ReadingRow<Time = Date> {
  time: Time;
  device_id: string;
  metric: string;
  value: number | null;
  value_text: string | null;
  unit: string | null;
  source: string;
}

export interface SeriesPoint {
  t: string;
  avg: number | null;
  min: number | null;
  max: number | null;
  count: number;
  last: number | null;
}

interface RawPoint {
  t: Date;
  avg: number | null;
  min: number | null;
  max: number | null;
  count: number;
  last: number | null;
}

const HOUR_MS = 3_600_000;
const MAX_KNOWN_SERIES = 100_000;

export const COPY_READINGS =
  'COPY readings (time, device_id, metric, value, value_text, unit, source, received_at) FROM STDIN';

/** One reading as a line of `COPY_READINGS`. */
export function readingCopyLine(r: Reading, receivedAt: string): string {
  return `${r.time}\t${copyField(r.deviceId)}\t${copyField(r.metric)}\t${copyField(r.value)}\t${copyField(r.valueText)}\t${copyField(r.unit)}\t${copyField(r.source)}\t${receivedAt}\n`;
}

/**
 * Readings are written by COPY — the fastest way PostgreSQL takes rows — and fall back to an
 * idempotent `INSERT … ON CONFLICT DO NOTHING` when the unique (device_id, metric, time) key already
 * holds one of them (a broker redelivery) or the batch holds a row the database refuses (the batch
 * writer then bisects on the fallback's error). Redeliveries come in bursts (a reconnect, a restart),
 * so after a conflict the next batches go straight to the fallback for a while instead of paying for
 * a failed COPY each time.
 */
@Injectable()
export class ReadingsRepository {
  /** Until this time (ms) batches skip the COPY attempt: a redelivery burst is under way. */
  private conflictUntil = 0;
  /** reading_series bounds this process has stored or seen stored, by device and metric. */
  private readonly seriesBounds = new Map<string, { first: number; last: number }>();

  constructor(private readonly db: Database) {}

  async insert(rows: StoredReading[]): Promise<number> {
    if (rows.length === 0) return 0;
    if (Date.now() >= this.conflictUntil) {
      try {
        return await this.copy(rows);
      } catch (e) {
        if (!isDataError(e)) throw e;
        if (isUniqueViolation(e)) this.conflictUntil = Date.now() + CONFLICT_BACKOFF_MS;
      }
    }
    return this.insertOnConflict(rows);
  }

  private async copy(rows: StoredReading[]): Promise<number> {
    let text = '';
    for (const r of rows) text += readingCopyLine(r, r.receivedAt);
    const client = await this.db.pool.connect();
    let failure: unknown;
    try {
      const stream = client.query(copyFrom(COPY_READINGS));
      const done = finished(stream);
      stream.end(text);
      await done;
      return stream.rowCount;
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      // After a refused COPY the connection is back in its ready state; anything else may have broken it.
      client.release(failure !== undefined && !isDataError(failure) ? (failure as Error) : undefined);
    }
  }

  /** Multi-row insert through unnest: one round trip per batch, idempotent on (device_id, metric, time). */
  async insertOnConflict(rows: StoredReading[]): Promise<number> {
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

  /**
   * Records in reading_series (020_reading_series.sql) the series these rows belong to and widens their
   * time bounds to cover them, for replay to enumerate the series without scanning readings. Bounds are
   * widened to whole hours and remembered here, so a live series costs one upsert an hour, not one a
   * batch; a batch whose series are all within known bounds makes no round trip. Call it before the rows
   * are inserted: a failure between the two then leaves a series listed without readings (harmless, replay
   * finds no value), never readings without their series. Upserts run in key order, so concurrent writers
   * lock the same rows in the same order.
   */
  async touchSeries(rows: Pick<Reading, 'deviceId' | 'metric' | 'time'>[]): Promise<number> {
    const wanted = new Map<string, { deviceId: string; metric: string; first: number; last: number }>();
    for (const r of rows) {
      const t = Date.parse(r.time);
      const first = Math.floor(t / HOUR_MS) * HOUR_MS;
      const last = first + HOUR_MS;
      const key = `${r.deviceId}\u0000${r.metric}`;
      const known = this.seriesBounds.get(key);
      if (known && known.first <= t && t < known.last) continue;
      const w = wanted.get(key);
      if (!w) wanted.set(key, { deviceId: r.deviceId, metric: r.metric, first, last });
      else {
        w.first = Math.min(w.first, first);
        w.last = Math.max(w.last, last);
      }
    }
    if (wanted.size === 0) return 0;
    const series = [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, w]) => w);
    const stored = await this.db.query<{
      device_id: string;
      metric: string;
      first_time: Date;
      last_time: Date;
    }>(
      `INSERT INTO reading_series AS s (device_id, metric, first_time, last_time)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[])
       ON CONFLICT (device_id, metric) DO UPDATE
          SET first_time = least(s.first_time, excluded.first_time),
              last_time = greatest(s.last_time, excluded.last_time)
       RETURNING device_id, metric, first_time, last_time`,
      [
        series.map((w) => w.deviceId),
        series.map((w) => w.metric),
        series.map((w) => new Date(w.first).toISOString()),
        series.map((w) => new Date(w.last).toISOString()),
      ],
    );
    // a bounded memo: past the cap it starts over (costing one upsert per series), it never grows unbounded
    if (this.seriesBounds.size + stored.length > MAX_KNOWN_SERIES) this.seriesBounds.clear();
    for (const s of stored)
      this.seriesBounds.set(`${s.device_id}\u0000${s.metric}`, {
        first: s.first_time.getTime(),
        last: s.last_time.getTime(),
      });
    return stored.length;
  }

  /**
   * Latest value per device and metric within the window, to seed the live state after a restart. Rows
   * further than `maxFutureS` ahead of the database clock (stored before the ingest refused them) are not
   * "latest": the newest row at or before that bound is taken instead.
   */
  async latest(sinceHours = 24, maxFutureS = 300): Promise<Reading[]> {
    const rows = await this.db.query<ReadingRow>(
      `SELECT DISTINCT ON (device_id, metric) time, device_id, metric, value, value_text, unit, source
         FROM readings
        WHERE time > now() - make_interval(hours => $1) AND time <= now() + make_interval(secs => $2)
        ORDER BY device_id, metric, time DESC`,
      [sinceHours, maxFutureS],
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

  /**
   * A device metric over time. Bucketed queries read the continuous aggregates when TimescaleDB is
   * there (1 h buckets and multiples from readings_1h, minute multiples from readings_1m, re-aggregated
   * exactly: avg weighted by count); otherwise they aggregate the raw table.
   */
  async series(q: {
    deviceId: string;
    metric: string;
    from: string;
    to: string;
    bucketS: number | null;
    timescale: boolean;
    limit: number;
  }): Promise<{ source: string; points: SeriesPoint[] }> {
    if (q.bucketS === null) {
      const rows = await this.db.query<{ t: Date; v: number | null }>(
        `SELECT time AS t, value AS v FROM readings
          WHERE device_id = $1 AND metric = $2 AND time >= $3 AND time < $4
          ORDER BY time LIMIT $5`,
        [q.deviceId, q.metric, q.from, q.to, q.limit],
      );
      return {
        source: 'readings',
        points: rows.map((r) => ({
          t: r.t.toISOString(),
          avg: r.v,
          min: r.v,
          max: r.v,
          count: 1,
          last: r.v,
        })),
      };
    }
    const view = !q.timescale
      ? null
      : q.bucketS % 3600 === 0
        ? 'readings_1h'
        : q.bucketS % 60 === 0
          ? 'readings_1m'
          : null;
    const interval = `${q.bucketS} seconds`;
    const rows = view
      ? await this.db.query<RawPoint>(
          // view is one of two constants chosen above, never user input
          `SELECT time_bucket($5::interval, bucket) AS t,
                  sum(avg * count) / nullif(sum(count), 0) AS avg, min(min) AS min, max(max) AS max,
                  sum(count)::int AS count, last(last, bucket) AS last
             FROM ${view}
            WHERE device_id = $1 AND metric = $2 AND bucket >= $3 AND bucket < $4
            GROUP BY 1 ORDER BY 1 LIMIT $6`,
          [q.deviceId, q.metric, q.from, q.to, interval, q.limit],
        )
      : await this.db.query<RawPoint>(
          `SELECT date_bin($5::interval, time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS t,
                  avg(value) AS avg, min(value) AS min, max(value) AS max, count(value)::int AS count,
                  (array_agg(value ORDER BY time DESC))[1] AS last
             FROM readings
            WHERE device_id = $1 AND metric = $2 AND time >= $3 AND time < $4
            GROUP BY 1 ORDER BY 1 LIMIT $6`,
          [q.deviceId, q.metric, q.from, q.to, interval, q.limit],
        );
    return {
      source: view ?? 'readings',
      points: rows.map((r) => ({
        t: r.t.toISOString(),
        avg: r.avg,
        min: r.min,
        max: r.max,
        count: r.count,
        last: r.last,
      })),
    };
  }

  async count(): Promise<number> {
    const rows = await this.db.query<{ n: string }>('SELECT count(*)::text AS n FROM readings');
    return Number(rows[0].n);
  }
}

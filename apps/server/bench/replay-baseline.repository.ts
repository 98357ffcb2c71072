import type { SensorState } from '@ioc/contracts/sensor-state.schema';
import type { Database } from '../src/db/database.pool';
import { sensorStates, type SensorValueRow } from '../src/history/replay.repository';

/**
 * The replay sensor query as it was before the reading_series registry (020_reading_series.sql): the
 * series enumerated from readings_1h on TimescaleDB and by a loose index scan of readings' unique key on
 * plain PostgreSQL. The history bench times it in the same run as the registry query; the replay tests use it
 * (plain PostgreSQL) as the oracle the registry query must agree with.
 */
export async function sensorsBefore020(
  db: Database,
  at: string,
  lookbackS: number,
  timescale: boolean,
): Promise<SensorState[]> {
  const series = timescale
    ? `SELECT DISTINCT device_id, metric FROM readings_1h
        WHERE bucket > $1::timestamptz - make_interval(secs => $2) - interval '1 hour' AND bucket <= $1`
    : `WITH RECURSIVE k AS (
         (SELECT device_id, metric FROM readings ORDER BY device_id, metric LIMIT 1)
         UNION ALL
         SELECT n.device_id, n.metric FROM k CROSS JOIN LATERAL (
           SELECT r.device_id, r.metric FROM readings r
            WHERE (r.device_id, r.metric) > (k.device_id, k.metric)
            ORDER BY r.device_id, r.metric LIMIT 1) n)
       SELECT device_id, metric FROM k`;
  const rows = await db.query<SensorValueRow>(
    `WITH s AS (${series})
     SELECT s.device_id, s.metric, r.time, r.value, r.unit FROM s CROSS JOIN LATERAL (
       SELECT time, value, unit FROM readings
        WHERE device_id = s.device_id AND metric = s.metric AND value IS NOT NULL
          AND time <= $1::timestamptz AND time > $1::timestamptz - make_interval(secs => $2)
        ORDER BY time DESC LIMIT 1) r
     ORDER BY s.device_id, s.metric`,
    [at, lookbackS],
  );
  return sensorStates(rows);
}

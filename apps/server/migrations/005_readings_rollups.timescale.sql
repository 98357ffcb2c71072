-- TimescaleDB only: continuous aggregates of readings, refresh policies and compression.
-- Both rollups read the raw hypertable (not 1h-from-1m) so avg/min/max/count/last are exact.
-- WITH NO DATA keeps this migration transactional; the refresh policies fill them in the background.
CREATE MATERIALIZED VIEW readings_1m
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 minute', time) AS bucket,
       device_id,
       metric,
       avg(value)        AS avg,
       min(value)        AS min,
       max(value)        AS max,
       count(value)      AS count,
       last(value, time) AS last
  FROM readings
 GROUP BY bucket, device_id, metric
WITH NO DATA;

CREATE MATERIALIZED VIEW readings_1h
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS bucket,
       device_id,
       metric,
       avg(value)        AS avg,
       min(value)        AS min,
       max(value)        AS max,
       count(value)      AS count,
       last(value, time) AS last
  FROM readings
 GROUP BY bucket, device_id, metric
WITH NO DATA;

SELECT add_continuous_aggregate_policy('readings_1m',
  start_offset => INTERVAL '3 hours', end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute');
SELECT add_continuous_aggregate_policy('readings_1h',
  start_offset => INTERVAL '3 days', end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');

-- Compress chunks older than 2 days; a device's rows stay together so per-device history stays fast.
ALTER TABLE readings SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'device_id',
  timescaledb.compress_orderby = 'metric, time DESC'
);
SELECT add_compression_policy('readings', compress_after => INTERVAL '2 days');

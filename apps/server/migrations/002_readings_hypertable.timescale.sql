-- TimescaleDB only: readings become a hypertable partitioned by time in 1-day chunks.
-- The unique key (device_id, metric, time) includes the partitioning column, as hypertables require.
DROP INDEX IF EXISTS readings_time_brin;
SELECT create_hypertable('readings', by_range('time', INTERVAL '1 day'), migrate_data => true);

-- TimescaleDB only: the time tables become hypertables (1-day chunks); see docs/architecture.md.
DROP INDEX IF EXISTS camera_events_time_brin;
DROP INDEX IF EXISTS unit_positions_time_brin;
SELECT create_hypertable('camera_events', by_range('start_time', INTERVAL '1 day'), migrate_data => true);
SELECT create_hypertable('unit_positions', by_range('time', INTERVAL '1 day'), migrate_data => true);
SELECT create_hypertable('dead_letters', by_range('time', INTERVAL '1 day'), migrate_data => true);

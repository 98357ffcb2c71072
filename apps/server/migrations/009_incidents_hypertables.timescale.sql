-- TimescaleDB only: the audit trail and the live outbox become hypertables. Their unique keys already
-- include the partitioning column (incident_events (id, time), live_events (seq, time)), as required.
-- incident_evidence stays a plain table: it is read per incident and lives as long as the incident.
DROP INDEX IF EXISTS live_events_time_idx;
SELECT create_hypertable('incident_events', by_range('time', INTERVAL '30 days'), migrate_data => true);
SELECT create_hypertable('live_events', by_range('time', INTERVAL '1 day'), migrate_data => true);
-- The outbox only serves reconnecting consoles (bounded replay); a week is plenty.
SELECT add_retention_policy('live_events', drop_after => INTERVAL '7 days');

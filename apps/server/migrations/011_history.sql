-- History (timeline, replay, exports). Incident and unit state changes are kept as validity intervals by
-- triggers, so "the situation at T" is one indexed lookup instead of a replay of the audit trail, whatever
-- code path changed the row. Plain PostgreSQL; 012_history.timescale.sql adds the TimescaleDB parts.

-- One row per (incident, version) whose status or severity changed: valid in [valid_from, valid_to).
CREATE TABLE incident_history (
  incident_id text        NOT NULL,
  version     integer     NOT NULL,
  valid_from  timestamptz NOT NULL,
  valid_to    timestamptz,
  status      text        NOT NULL,
  severity    text        NOT NULL,
  PRIMARY KEY (incident_id, version)
);
-- "open at T": only open-status intervals are indexed, so closed history does not weigh on the lookup
CREATE INDEX incident_history_open_valid_idx ON incident_history
  USING gist (tstzrange(valid_from, valid_to, '[)'))
  WHERE status IN ('new', 'acknowledged', 'dispatched', 'en_route', 'on_scene');
CREATE INDEX incident_history_from_idx ON incident_history (valid_from);
CREATE INDEX incident_history_open_idx ON incident_history (incident_id) WHERE valid_to IS NULL;

CREATE FUNCTION incident_history_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status = OLD.status AND NEW.severity = OLD.severity THEN
    RETURN NULL;
  END IF;
  -- GREATEST: a clock step backwards must not make an empty or inverted range
  UPDATE incident_history SET valid_to = GREATEST(NEW.updated_at, valid_from)
   WHERE incident_id = NEW.id AND valid_to IS NULL;
  INSERT INTO incident_history (incident_id, version, valid_from, status, severity)
  VALUES (NEW.id, NEW.version, CASE WHEN TG_OP = 'INSERT' THEN NEW.opened_at ELSE NEW.updated_at END,
          NEW.status, NEW.severity)
  ON CONFLICT (incident_id, version) DO UPDATE SET status = EXCLUDED.status, severity = EXCLUDED.severity;
  RETURN NULL;
END $$;
CREATE TRIGGER incident_history_track AFTER INSERT OR UPDATE ON incidents
  FOR EACH ROW EXECUTE FUNCTION incident_history_track();

-- Existing incidents: statuses from the audit trail, severity as it is now (earlier values are unknown).
INSERT INTO incident_history (incident_id, version, valid_from, valid_to, status, severity)
SELECT e.incident_id, -row_number() OVER (PARTITION BY e.incident_id ORDER BY e.time, e.id), e.time,
       lead(e.time) OVER (PARTITION BY e.incident_id ORDER BY e.time, e.id),
       COALESCE(e.to_status, 'new'), i.severity
  FROM incident_events e JOIN incidents i ON i.id = e.incident_id
 WHERE e.action = 'open' OR (e.to_status IS NOT NULL AND e.to_status IS DISTINCT FROM e.from_status);

-- Unit status and assignment, valid in [valid_from, valid_to); the first row of a unit is open-ended
-- backwards (a unit exists before the server first seeded it).
CREATE TABLE unit_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id     text        NOT NULL,
  valid_from  timestamptz NOT NULL,
  valid_to    timestamptz,
  status      text        NOT NULL,
  from_status text,
  incident_id text
);
CREATE INDEX unit_history_unit_idx ON unit_history (unit_id, valid_from DESC);
CREATE INDEX unit_history_from_idx ON unit_history (valid_from, id);
CREATE INDEX unit_history_open_idx ON unit_history (unit_id) WHERE valid_to IS NULL;

CREATE FUNCTION unit_history_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.status = OLD.status AND NEW.incident_id IS NOT DISTINCT FROM OLD.incident_id THEN
    RETURN NULL;
  END IF;
  UPDATE unit_history SET valid_to = GREATEST(NEW.updated_at, valid_from)
   WHERE unit_id = NEW.id AND valid_to IS NULL;
  INSERT INTO unit_history (unit_id, valid_from, status, from_status, incident_id)
  VALUES (NEW.id, CASE WHEN TG_OP = 'INSERT' THEN '-infinity' ELSE NEW.updated_at END, NEW.status,
          CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END, NEW.incident_id);
  RETURN NULL;
END $$;
CREATE TRIGGER unit_history_track AFTER INSERT OR UPDATE ON units
  FOR EACH ROW EXECUTE FUNCTION unit_history_track();

INSERT INTO unit_history (unit_id, valid_from, status, incident_id)
SELECT id, '-infinity', status, incident_id FROM units;

-- Timeline keyset paging reads every source in (time, id) order.
CREATE INDEX incident_events_hist_time_idx ON incident_events (time, id);
CREATE INDEX incident_evidence_hist_time_idx ON incident_evidence (time, id);
CREATE INDEX camera_events_hist_start_idx ON camera_events (start_time, id);
CREATE INDEX camera_events_hist_end_idx ON camera_events (end_time) WHERE end_time IS NOT NULL;
CREATE INDEX device_events_hist_time_idx ON device_events (time, device_id);

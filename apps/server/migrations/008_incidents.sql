-- Incidents with evidence, audit trail and SOP ticks; response units; the live outbox.
-- Plain PostgreSQL; 009_incidents_hypertables.timescale.sql turns the time tables into hypertables, which is
-- why their unique keys include the time column.

CREATE TABLE incidents (
  id               text PRIMARY KEY,                -- INC-YYYYMMDD-NNNN (city-local date)
  key              text        NOT NULL,            -- condition identity from the rules engine
  status           text        NOT NULL CHECK (status IN ('new', 'acknowledged', 'dispatched', 'en_route',
                                                         'on_scene', 'resolved', 'closed', 'cancelled')),
  category         text        NOT NULL CHECK (category IN ('fire', 'flood', 'air_quality', 'traffic', 'security',
                                                             'environment', 'utility', 'other')),
  sub_category     text,
  severity         text        NOT NULL CHECK (severity IN ('Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown')),
  urgency          text        NOT NULL DEFAULT 'Unknown'
                               CHECK (urgency IN ('Immediate', 'Expected', 'Future', 'Past', 'Unknown')),
  certainty        text        NOT NULL DEFAULT 'Unknown'
                               CHECK (certainty IN ('Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown')),
  title            text        NOT NULL,
  title_en         text,
  description      text        NOT NULL DEFAULT '',
  lat              double precision CHECK (lat BETWEEN -90 AND 90),
  lon              double precision CHECK (lon BETWEEN -180 AND 180),
  ward             text,
  source           text        NOT NULL,
  opened_at        timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  last_signal_at   timestamptz NOT NULL,
  acknowledged_at  timestamptz,
  dispatched_at    timestamptz,
  resolved_at      timestamptz,
  closed_at        timestamptz,
  assignee         text,
  -- every unit ever dispatched to it (the units table says who works it now)
  unit_ids         text[]      NOT NULL DEFAULT '{}',
  evidence_count   integer     NOT NULL DEFAULT 0,
  overdue          boolean     NOT NULL DEFAULT false,
  -- SLA stages already escalated: each escalates once
  escalated_stages text[]      NOT NULL DEFAULT '{}',
  -- bumped by every change; CAP update identifiers use it
  version          integer     NOT NULL DEFAULT 1,
  -- id, titles, description and ward folded by the app (searchKey) so "Phan Thiet" finds "Phan Thiết"
  search_text      text        NOT NULL DEFAULT ''
);
-- One open incident per condition, enforced by the database whatever the number of instances.
CREATE UNIQUE INDEX incidents_open_key_uq ON incidents (key)
  WHERE status IN ('new', 'acknowledged', 'dispatched', 'en_route', 'on_scene');
CREATE INDEX incidents_opened_idx ON incidents (opened_at DESC, id DESC);
CREATE INDEX incidents_status_idx ON incidents (status, opened_at DESC);
CREATE INDEX incidents_ward_idx ON incidents (ward, opened_at DESC);
-- correlation candidates: open incidents by latest signal time
CREATE INDEX incidents_open_signal_idx ON incidents (last_signal_at)
  WHERE status IN ('new', 'acknowledged', 'dispatched', 'en_route', 'on_scene');

-- Per-day counters behind the human-friendly ids (race-free via INSERT … ON CONFLICT).
CREATE TABLE incident_counters (
  day  text PRIMARY KEY,
  last integer NOT NULL
);

-- Signals attached to an incident. Plain table: read per incident and kept as long as the incident.
CREATE TABLE incident_evidence (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id text        NOT NULL REFERENCES incidents (id),
  time        timestamptz NOT NULL,   -- signal (event) time
  added_at    timestamptz NOT NULL,
  kind        text        NOT NULL,
  ref         text        NOT NULL,
  rule_id     text        NOT NULL,
  category    text        NOT NULL,
  severity    text        NOT NULL,
  title       text        NOT NULL,
  title_en    text,
  description text        NOT NULL DEFAULT '',
  lat         double precision,
  lon         double precision,
  -- opened: the signal that opened the incident; key: same condition; correlated: R/T/compatibility
  matched_by  text        NOT NULL CHECK (matched_by IN ('opened', 'key', 'correlated')),
  distance_m  double precision,
  data        jsonb       NOT NULL DEFAULT '{}',
  -- a redelivered signal is attached once
  CONSTRAINT incident_evidence_ref_key UNIQUE (incident_id, kind, ref)
);
CREATE INDEX incident_evidence_incident_idx ON incident_evidence (incident_id, time);

-- The audit trail: every command and every system action, one row each.
CREATE TABLE incident_events (
  id          bigint GENERATED ALWAYS AS IDENTITY,
  time        timestamptz NOT NULL,
  incident_id text        NOT NULL REFERENCES incidents (id),
  actor       text        NOT NULL,
  action      text        NOT NULL CHECK (action IN ('ack', 'dispatch', 'en_route', 'on_scene', 'resolve', 'close',
                                                     'cancel', 'comment', 'assign', 'tick_sop', 'open',
                                                     'attach_evidence', 'escalate', 'unit_status')),
  from_status text,
  to_status   text,
  note        text,
  data        jsonb,
  CONSTRAINT incident_events_pkey PRIMARY KEY (id, time)
);
CREATE INDEX incident_events_incident_idx ON incident_events (incident_id, time, id);

-- SOP checklist state: the latest tick per item (each tick is also an audit row).
CREATE TABLE incident_sop_ticks (
  incident_id text        NOT NULL REFERENCES incidents (id),
  item_id     text        NOT NULL,
  ticked      boolean     NOT NULL,
  actor       text        NOT NULL,
  time        timestamptz NOT NULL,
  PRIMARY KEY (incident_id, item_id)
);

-- Response units: seeded/upserted from city.json at start; status changes by dispatch and by operators.
CREATE TABLE units (
  id          text PRIMARY KEY,
  name        text        NOT NULL,
  type        text        NOT NULL CHECK (type IN ('police', 'fire', 'ambulance', 'traffic', 'environment', 'utility')),
  base_name   text,
  base_lat    double precision,
  base_lon    double precision,
  tracker     text,
  status      text        NOT NULL DEFAULT 'available'
                          CHECK (status IN ('available', 'dispatched', 'en_route', 'on_scene', 'off_duty')),
  incident_id text REFERENCES incidents (id),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  -- working units belong to an incident, idle ones to none
  CONSTRAINT units_incident_ck CHECK ((status IN ('available', 'off_duty')) = (incident_id IS NULL))
);
CREATE INDEX units_incident_idx ON units (incident_id) WHERE incident_id IS NOT NULL;

-- Outbox of durable live events (incident, unit and camera-event changes), written in the transaction of
-- the change; the live role tails it by seq, woken by NOTIFY live_events (payload: the highest new seq).
CREATE TABLE live_events (
  seq       bigserial   NOT NULL,
  time      timestamptz NOT NULL DEFAULT now(),
  kind      text        NOT NULL CHECK (kind IN ('incident', 'unit', 'camera_event')),
  entity_id text        NOT NULL,
  op        text        NOT NULL,
  payload   jsonb       NOT NULL,
  CONSTRAINT live_events_pkey PRIMARY KEY (seq, time)
);
CREATE INDEX live_events_time_idx ON live_events (time DESC);

-- Core tables that work on plain PostgreSQL. TimescaleDB-only statements live in *.timescale.sql files.

CREATE TABLE devices (
  id                  text PRIMARY KEY,
  name                text NOT NULL,
  kind                text NOT NULL DEFAULT 'generic',
  ward                text,
  lat                 double precision,
  lon                 double precision,
  source              text NOT NULL,
  expected_interval_s integer NOT NULL DEFAULT 300 CHECK (expected_interval_s > 0),
  status              text NOT NULL DEFAULT 'unknown' CHECK (status IN ('online', 'offline', 'unknown')),
  first_seen          timestamptz,
  last_seen           timestamptz,
  -- name and ward folded to ASCII lower case by the app, so "Phan Thiet" finds "Phan Thiết"
  search_text         text NOT NULL DEFAULT '',
  from_config         boolean NOT NULL DEFAULT false
);
CREATE INDEX devices_kind_idx ON devices (kind);
CREATE INDEX devices_ward_idx ON devices (ward);

CREATE TABLE readings (
  time        timestamptz      NOT NULL,
  device_id   text             NOT NULL,
  metric      text             NOT NULL,
  value       double precision,
  value_text  text,
  unit        text,
  source      text             NOT NULL,
  received_at timestamptz      NOT NULL DEFAULT now(),
  -- redelivered messages hit this key and are dropped: ingest is idempotent
  CONSTRAINT readings_device_metric_time_key UNIQUE (device_id, metric, time)
);
-- time-range scans on plain PostgreSQL (TimescaleDB chunks replace this)
CREATE INDEX readings_time_brin ON readings USING brin (time);

CREATE TABLE dead_letters (
  id           bigint GENERATED ALWAYS AS IDENTITY,
  time         timestamptz NOT NULL DEFAULT now(),
  topic        text        NOT NULL,
  payload      bytea       NOT NULL,
  payload_size integer     NOT NULL,
  adapter      text,
  reason       text        NOT NULL
);
CREATE INDEX dead_letters_time_idx ON dead_letters (time DESC);

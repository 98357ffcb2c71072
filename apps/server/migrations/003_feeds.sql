-- Tables for every feed the ingest speaks (plain PostgreSQL; hypertables come in *.timescale.sql).

ALTER TABLE devices
  ADD COLUMN alt               double precision,
  ADD COLUMN location_time     timestamptz,
  ADD COLUMN status_changed_at timestamptz;
CREATE INDEX devices_last_seen_idx ON devices (last_seen);

-- Frigate tracked objects: one row per event id, upserted by every new/update/end message.
-- start_time is part of the key because hypertables need the partitioning column in unique keys;
-- Frigate never changes an event's start_time.
CREATE TABLE camera_events (
  id               text        NOT NULL,
  start_time       timestamptz NOT NULL,
  camera           text        NOT NULL,
  frigate_camera   text        NOT NULL,
  phase            text        NOT NULL CHECK (phase IN ('new', 'update', 'end')),
  label            text        NOT NULL,
  sub_label        text,
  score            double precision,
  top_score        double precision,
  zones            text[]      NOT NULL DEFAULT '{}',
  end_time         timestamptz,
  false_positive   boolean     NOT NULL DEFAULT false,
  has_snapshot     boolean     NOT NULL DEFAULT false,
  has_clip         boolean     NOT NULL DEFAULT false,
  snapshot_url     text,
  clip_url         text,
  box              real[],
  plate            text,
  received_at      timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  CONSTRAINT camera_events_pkey PRIMARY KEY (id, start_time)
);
CREATE INDEX camera_events_camera_idx ON camera_events (camera, start_time DESC);
CREATE INDEX camera_events_label_idx ON camera_events (label, start_time DESC);
CREATE INDEX camera_events_time_brin ON camera_events USING brin (start_time);

-- Frigate review items (alert/detection groups of events).
CREATE TABLE camera_reviews (
  id             text        NOT NULL,
  start_time     timestamptz NOT NULL,
  camera         text        NOT NULL,
  frigate_camera text        NOT NULL,
  phase          text        NOT NULL CHECK (phase IN ('new', 'update', 'end')),
  severity       text        NOT NULL CHECK (severity IN ('alert', 'detection')),
  end_time       timestamptz,
  objects        text[]      NOT NULL DEFAULT '{}',
  zones          text[]      NOT NULL DEFAULT '{}',
  sub_labels     text[]      NOT NULL DEFAULT '{}',
  detections     text[]      NOT NULL DEFAULT '{}',
  updated_at     timestamptz NOT NULL,
  CONSTRAINT camera_reviews_pkey PRIMARY KEY (id, start_time)
);
CREATE INDEX camera_reviews_camera_idx ON camera_reviews (camera, start_time DESC);

-- GPS fixes of response units (OwnTracks); (unit_id, time) makes redelivery idempotent.
CREATE TABLE unit_positions (
  time        timestamptz      NOT NULL,
  unit_id     text             NOT NULL,
  tracker     text             NOT NULL,
  lat         double precision NOT NULL,
  lon         double precision NOT NULL,
  accuracy    double precision,
  speed       double precision,
  heading     double precision,
  battery     double precision,
  altitude    double precision,
  source      text             NOT NULL,
  received_at timestamptz      NOT NULL,
  CONSTRAINT unit_positions_unit_time_key UNIQUE (unit_id, time)
);
CREATE INDEX unit_positions_time_brin ON unit_positions USING brin (time);

-- Signals that may open incidents (FIWARE Alert, citizen reports); the rules engine consumes them.
CREATE TABLE incident_signals (
  time         timestamptz NOT NULL,
  kind         text        NOT NULL,
  source_id    text        NOT NULL,
  category     text        NOT NULL,
  sub_category text,
  severity     text        NOT NULL,
  description  text        NOT NULL,
  lat          double precision,
  lon          double precision,
  contact      text,
  photo_url    text,
  raw          jsonb,
  source       text        NOT NULL,
  received_at  timestamptz NOT NULL,
  processed_at timestamptz,
  CONSTRAINT incident_signals_key UNIQUE (kind, source_id, time)
);
CREATE INDEX incident_signals_unprocessed_idx ON incident_signals (time) WHERE processed_at IS NULL;

-- Device online/offline transitions (feed availability or silence for 3× the expected interval).
CREATE TABLE device_events (
  time      timestamptz NOT NULL,
  device_id text        NOT NULL,
  kind      text        NOT NULL CHECK (kind IN ('online', 'offline')),
  reason    text        NOT NULL
);
CREATE INDEX device_events_device_idx ON device_events (device_id, time DESC);
CREATE INDEX device_events_time_idx ON device_events (time DESC);

CREATE INDEX dead_letters_topic_idx ON dead_letters (topic, time DESC);

-- Rules engine: signals remember the incident they opened or joined (and failed attempts), and rules
-- whose state must survive restarts and be shared by several instances keep it here (hourly VN_AQI).

ALTER TABLE incident_signals
  ADD COLUMN incident_id text,
  ADD COLUMN attempts    integer NOT NULL DEFAULT 0,
  ADD COLUMN last_error  text;

CREATE INDEX incident_signals_source_idx ON incident_signals (kind, source_id);

CREATE TABLE rule_state (
  rule_id    text        NOT NULL,
  subject    text        NOT NULL,
  state      jsonb       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, subject)
);

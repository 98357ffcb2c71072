-- The series (device, metric) that have readings, with bounds of their time range. Replay enumerates the
-- series at T from here (a few hundred rows) instead of from readings itself, which on TimescaleDB meant
-- the readings_1h real-time aggregate (300 ms at 10 M readings) and on plain PostgreSQL a loose index
-- scan. The readings writer keeps it (ReadingsRepository.touchSeries, one upsert per new series or when
-- a batch goes past the stored bounds, which are widened to whole hours); bounds only ever widen, so a
-- series listed here may have no reading in a given window, never the other way round.
CREATE TABLE reading_series (
  device_id  text        NOT NULL,
  metric     text        NOT NULL,
  first_time timestamptz NOT NULL,
  last_time  timestamptz NOT NULL,
  PRIMARY KEY (device_id, metric)
);

INSERT INTO reading_series (device_id, metric, first_time, last_time)
SELECT device_id, metric, date_trunc('hour', min(time)), date_trunc('hour', max(time)) + interval '1 hour'
  FROM readings
 GROUP BY device_id, metric;

-- Timeline histogram: it only counts rows per time bucket, so give its two largest sources an index that
-- answers the count alone (index-only scan) instead of visiting each row for the one column it filters on.
-- Incident audit rows: the histogram keeps only state transitions (action).
CREATE INDEX incident_events_hist_action_idx ON incident_events (time, action);
-- Camera events: false positives are never shown.
CREATE INDEX camera_events_hist_shown_idx ON camera_events (start_time) WHERE NOT false_positive;

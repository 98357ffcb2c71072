-- Links between incidents (issue 16): recurrences and duplicates; the audit actions of reopen, re-triage
-- and merge.

-- related_incident_id: opened by the same condition (key) within correlation.relinkWindowMin of this earlier
-- incident's resolution — shown to the operator, who may reopen the old one or merge.
-- merged_into: cancelled as a duplicate of that incident, whose evidence it now holds.
ALTER TABLE incidents
  ADD COLUMN related_incident_id text REFERENCES incidents (id),
  ADD COLUMN merged_into         text REFERENCES incidents (id),
  ADD CONSTRAINT incidents_merged_ck CHECK (merged_into IS NULL OR (status = 'cancelled' AND merged_into <> id));

-- The relink lookup: the latest resolution of a key.
CREATE INDEX incidents_key_resolved_idx ON incidents (key, resolved_at DESC) WHERE resolved_at IS NOT NULL;

-- Mirrors IncidentEventActionSchema (libs/contracts/src/incident.schema.ts).
ALTER TABLE incident_events DROP CONSTRAINT incident_events_action_check;
ALTER TABLE incident_events ADD CONSTRAINT incident_events_action_check
  CHECK (action IN ('ack', 'dispatch', 'en_route', 'on_scene', 'resolve', 'close', 'cancel', 'comment', 'assign',
                    'tick_sop', 'reopen', 'retriage', 'merge', 'open', 'attach_evidence', 'escalate',
                    'unit_status', 'merge_in'));

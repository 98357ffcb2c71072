-- A redelivered message (MQTT DUP flag) that was already dead-lettered must not add a second row:
-- dead letters are keyed by topic + payload hash for that check.
ALTER TABLE dead_letters ADD COLUMN payload_sha256 bytea;
CREATE INDEX dead_letters_dedupe_idx ON dead_letters (topic, payload_sha256);

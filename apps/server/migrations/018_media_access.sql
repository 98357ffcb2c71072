-- Audit of camera media access (Decree 13/2023/NĐ-CP: camera images are personal data). Every access
-- through /api/media — allowed or refused — lands here. A user's repeated accesses of one kind to one
-- camera/event with one outcome within a minute share a row (`hits`, `last_time`): the live frame
-- refreshes every second, one row per frame would bury the trail. Kept MEDIA_AUDIT_RETENTION_DAYS.
CREATE TABLE media_access (
  id        bigserial   PRIMARY KEY,
  time      timestamptz NOT NULL DEFAULT now(),
  last_time timestamptz NOT NULL DEFAULT now(),
  hits      integer     NOT NULL DEFAULT 1 CHECK (hits >= 1),
  user_id   text        NOT NULL,
  username  text        NOT NULL,
  role      text        NOT NULL,
  camera    text,        -- null: an event id the server does not know
  event_id  text,
  kind      text        NOT NULL CHECK (kind IN ('latest', 'thumbnail', 'snapshot', 'clip')),
  outcome   text        NOT NULL CHECK (outcome IN ('ok', 'denied', 'not_found', 'unavailable')),
  status    integer     NOT NULL
);
CREATE INDEX media_access_time_idx ON media_access (time DESC, id DESC);
CREATE INDEX media_access_user_idx ON media_access (user_id, time DESC);
CREATE INDEX media_access_camera_idx ON media_access (camera, time DESC);

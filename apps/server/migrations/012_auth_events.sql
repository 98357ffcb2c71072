-- Audit of authentication: every login attempt (with its outcome), refresh-token reuse and logout.
-- Kept apart from login_failures (a short-lived counter) so the trail survives its pruning.
CREATE TABLE auth_events (
  id         bigserial   PRIMARY KEY,
  time       timestamptz NOT NULL DEFAULT now(),
  username   text        NOT NULL,
  user_id    text,
  ip         text        NOT NULL,
  user_agent text,
  outcome    text        NOT NULL CHECK (outcome IN ('success', 'failure', 'throttled', 'locked', 'refresh_reused', 'logout'))
);
CREATE INDEX auth_events_time_idx ON auth_events (time DESC);
CREATE INDEX auth_events_username_idx ON auth_events (lower(username), time DESC);

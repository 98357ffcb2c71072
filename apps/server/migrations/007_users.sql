-- Users, refresh tokens, login throttling and the generated token-signing secret (auth).

CREATE TABLE users (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  username      text        NOT NULL CHECK (username ~ '^[A-Za-z0-9._-]{3,64}$'),
  display_name  text        NOT NULL DEFAULT '',
  role          text        NOT NULL CHECK (role IN ('operator', 'supervisor', 'admin')),
  -- argon2id PHC string; never leaves the server
  password_hash text        NOT NULL,
  active        boolean     NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  last_login_at timestamptz
);
-- "Admin" and "admin" are the same login.
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));

-- Opaque refresh tokens, stored as SHA-256 of the token. Each refresh revokes the presented token and
-- issues a new one (rotation); presenting a revoked token again revokes the whole family of that user.
CREATE TABLE refresh_tokens (
  jti         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  bytea       NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);

-- Failed logins per (lower(username), client ip), in the database so every api instance counts the same.
CREATE TABLE login_failures (
  key  text        NOT NULL,
  time timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key_time_idx ON login_failures (key, time);

-- Secrets generated once and shared by all instances (the JWT signing key unless JWT_SECRET is set).
CREATE TABLE server_secrets (
  name       text        PRIMARY KEY,
  value      text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

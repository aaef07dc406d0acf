-- 005_auth: the service's users, their sessions and API tokens, failed logins, and the trail of
-- reads of seekers' personal data (Personal Information Protection Law). Owned by src/auth/.
-- None of these tables is ever visible to the query pack or to ad-hoc SQL, scoped or not
-- (NEVER_EXPOSED in src/query/scopeRules.ts). Secrets are stored only as hashes.

CREATE TABLE users (
  name                  VARCHAR PRIMARY KEY,
  role                  VARCHAR NOT NULL,    -- admin | analyst | reviewer | caseworker | service
  region                VARCHAR,             -- GB/T 2260 province, city or county code; NULL = national (admins only)
  disabled              BOOLEAN NOT NULL,
  password_hash         VARCHAR,             -- scrypt output, base64; NULL = cannot log in with a password
  password_salt         VARCHAR,             -- per-user random salt, base64
  password_params       VARCHAR,             -- 'scrypt:N=…,r=…,p=…,len=…': how this hash was made
  created_at            TIMESTAMPTZ NOT NULL,
  updated_at            TIMESTAMPTZ NOT NULL
);

CREATE TABLE auth_sessions (
  session_hash          VARCHAR PRIMARY KEY, -- SHA-256 of the cookie value; the value itself is never stored
  user_name             VARCHAR NOT NULL,
  created_at            TIMESTAMPTZ NOT NULL,
  expires_at            TIMESTAMPTZ NOT NULL,
  last_seen_at          TIMESTAMPTZ NOT NULL,
  address               VARCHAR
);

CREATE TABLE api_tokens (
  token_id              VARCHAR PRIMARY KEY, -- the public part of the token (lf_<token_id>_<secret>)
  secret_hash           VARCHAR NOT NULL,    -- SHA-256 of the secret part
  user_name             VARCHAR NOT NULL,
  label                 VARCHAR,
  created_at            TIMESTAMPTZ NOT NULL,
  created_by            VARCHAR NOT NULL,
  expires_at            TIMESTAMPTZ NOT NULL,
  last_used_at          TIMESTAMPTZ,
  revoked_at            TIMESTAMPTZ
);

CREATE TABLE auth_events (
  event_at              TIMESTAMPTZ NOT NULL,
  event                 VARCHAR NOT NULL,    -- login_failed | login_throttled | login | logout | token_created | user_added | user_changed | …
  user_name             VARCHAR,             -- the name given (may not exist)
  actor                 VARCHAR,             -- who did it, when not the user themselves
  address               VARCHAR,
  detail                VARCHAR
);

CREATE TABLE access_log (
  read_at               TIMESTAMPTZ NOT NULL,
  user_name             VARCHAR NOT NULL,
  role                  VARCHAR NOT NULL,
  region                VARCHAR,             -- the scope the read ran under (NULL = national)
  method                VARCHAR NOT NULL,
  endpoint              VARCHAR NOT NULL,    -- route pattern, e.g. /queries/benefit-integrity
  what                  VARCHAR NOT NULL,    -- query name and parameters, the SQL text, or the record asked for
  rows                  BIGINT NOT NULL,     -- rows returned
  outcome               VARCHAR NOT NULL,    -- ok | aborted | failed
  address               VARCHAR
);
CREATE INDEX access_log_user ON access_log (user_name, read_at);

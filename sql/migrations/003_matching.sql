-- 003_matching: match runs, graded and tiered recommendations, tier decisions, the caseworker
-- queue and postings flagged for discriminatory requirements. Owned by src/matching/.

CREATE TABLE match_runs (
  run_id                VARCHAR PRIMARY KEY,
  mode                  VARCHAR NOT NULL,    -- full | incremental
  status                VARCHAR NOT NULL,    -- running | succeeded | failed
  started_at            TIMESTAMPTZ NOT NULL,    -- wall clock
  as_of                 TIMESTAMPTZ NOT NULL,    -- the "today" the run matched for (--as-of, default now)
  finished_at           TIMESTAMPTZ,
  since                 TIMESTAMPTZ,         -- incremental: rows ingested after this counted as changed
  seekers_total         BIGINT,
  seekers_scored        BIGINT,
  postings_total        BIGINT,
  postings_active       BIGINT,
  postings_flagged      BIGINT,
  pairs_scored          BIGINT,
  recommendations       BIGINT,
  queued_seekers        BIGINT,
  pushed                BIGINT,
  sink                  VARCHAR,             -- kafka:<topic> | outbox:<file> | none
  config                JSON,
  error                 VARCHAR
);

CREATE TABLE recommendations (
  run_id                VARCHAR NOT NULL,
  seeker_id             VARCHAR NOT NULL,
  posting_id            VARCHAR NOT NULL,
  rank                  INTEGER NOT NULL,    -- 1 = best for this seeker in this run
  score                 DOUBLE NOT NULL,     -- weighted sum of factor scores, 0..1
  grade                 VARCHAR NOT NULL,    -- A | B | C | D
  tier                  VARCHAR NOT NULL,    -- the seeker's tier T1..T4 at this run
  channel               VARCHAR NOT NULL,    -- app | sms | phone | caseworker
  explanation           VARCHAR NOT NULL,    -- Chinese, top factors and skills gap
  explanation_en        VARCHAR NOT NULL,
  top_factors           VARCHAR[] NOT NULL,
  factors               JSON NOT NULL,       -- [{factor, value, contribution}]
  skills_gap            VARCHAR[] NOT NULL,
  policy_hints          JSON NOT NULL,       -- [{policy, zh, en, amount_cny, condition}]
  pushed                BOOLEAN NOT NULL,    -- sent to the topic/outbox (false: caseworker queue)
  created_at            TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (run_id, seeker_id, posting_id)
);

CREATE TABLE seeker_tiers (
  run_id                VARCHAR NOT NULL,
  seeker_id             VARCHAR NOT NULL,
  tier                  VARCHAR NOT NULL,
  points                INTEGER NOT NULL,
  stage_zh              VARCHAR NOT NULL,
  stage_en              VARCHAR NOT NULL,
  breakdown             JSON NOT NULL,       -- [{factor, points, zh, en, detail}]
  decided_at            TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (run_id, seeker_id)
);

CREATE TABLE caseworker_queue (
  run_id                VARCHAR NOT NULL,
  seeker_id             VARCHAR NOT NULL,
  tier                  VARCHAR NOT NULL,    -- T3 counsellor guidance | T4 expert service
  points                INTEGER NOT NULL,
  office_region         VARCHAR,
  reasons               VARCHAR NOT NULL,    -- Chinese, points per factor
  reasons_en            VARCHAR NOT NULL,
  breakdown             JSON NOT NULL,
  recommendations       INTEGER NOT NULL,    -- postings proposed to the caseworker for this seeker
  status                VARCHAR NOT NULL,    -- open | in_progress | closed
  created_at            TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (run_id, seeker_id)
);

CREATE TABLE posting_flags (
  posting_id            VARCHAR NOT NULL,
  posting_version       BIGINT NOT NULL,
  kind                  VARCHAR NOT NULL,    -- gender | age | ethnicity | origin | marital | health
  matched               VARCHAR NOT NULL,    -- the text that states the requirement
  label_zh              VARCHAR NOT NULL,
  label_en              VARCHAR NOT NULL,
  run_id                VARCHAR NOT NULL,    -- first run that saw it
  detected_at           TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (posting_id, posting_version, kind, matched)
);

-- 004_risk: layoff-risk alerts written by `labourflow watch-layoffs` (docs/layoffs.md).
-- Table and column names are an interface: the analysts' query pack reads them.
-- One row per (period, scope_kind, scope_key): re-running a period never duplicates a row;
-- a higher level on a re-run escalates the row in place (escalated_from keeps the old level).

CREATE TABLE layoff_alerts (
  alert_id              VARCHAR PRIMARY KEY,  -- '<period>:<scope_kind>:<scope_key>'
  period                VARCHAR NOT NULL,     -- YYYY-MM the reports are for
  scope_kind            VARCHAR NOT NULL,     -- enterprise | region_industry | region
  scope_key             VARCHAR NOT NULL,     -- credit code | '<region>:<industry>' | region code
  level                 VARCHAR NOT NULL,     -- none (watch-list rows only) | blue | yellow | orange | red (蓝黄橙红)
  level_rank            INTEGER NOT NULL,     -- 0 none, 1 blue, 2 yellow, 3 orange, 4 red
  region_code           VARCHAR NOT NULL,     -- enterprise: its county code; cells and regions: the rolled-up code (city by default)
  region_name           VARCHAR,
  industry_code         VARCHAR,              -- GB/T 4754 division (e.g. C36) for cells and enterprises; NULL for regions
  employer_credit_code  VARCHAR,              -- enterprise scope only
  employer_name         VARCHAR,
  on_watch_list         BOOLEAN NOT NULL,     -- named watch-list enterprise (reported every period whatever its level)
  compliance_flags      VARCHAR[] NOT NULL,   -- e.g. ['art41_plan_not_filed_30_days', 'refund_ineligible']
  signals               JSON NOT NULL,        -- [{name, value, threshold, level, detail}] for every signal that fired
  metrics               JSON NOT NULL,        -- the measured inputs (rates, counts, z-score, concentration, weight)
  explanation_zh        VARCHAR NOT NULL,
  explanation_en        VARCHAR NOT NULL,
  status                VARCHAR NOT NULL,     -- new | escalated | continuing | de_escalated | watch
  first_seen            VARCHAR NOT NULL,     -- first period of the unbroken run of alerts for this scope
  escalated_from        VARCHAR,              -- previous level when the level rose (vs the previous period or an earlier run)
  pushed                BOOLEAN NOT NULL,     -- sent to labourflow.layoff-alerts (or the NDJSON outbox)
  run_id                VARCHAR NOT NULL,
  created_at            TIMESTAMPTZ NOT NULL,
  updated_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX layoff_alerts_period ON layoff_alerts (period, scope_kind);
CREATE INDEX layoff_alerts_scope ON layoff_alerts (scope_kind, scope_key);


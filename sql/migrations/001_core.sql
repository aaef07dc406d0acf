-- 001_core: the record tables, dead letters and ingest bookkeeping.
-- Table and column names are an interface: analysts' scripts query them directly.
-- Every record table holds one row per envelope id: the version/event_time that won.
-- Uniqueness of id is kept by the ingest merge (sql/ingest/), not by a PRIMARY KEY: DuckDB's
-- ART index made each batch's upsert 5-10x slower, and DuckDB allows a single writer per file.

CREATE TABLE postings (
  id                    VARCHAR NOT NULL,
  version               BIGINT NOT NULL,
  event_time            TIMESTAMPTZ NOT NULL,
  employer_credit_code  VARCHAR NOT NULL,
  employer_name         VARCHAR,
  title                 VARCHAR NOT NULL,
  occupation_code       VARCHAR,
  industry_code         VARCHAR NOT NULL,
  region_code           VARCHAR NOT NULL,
  salary_min            INTEGER NOT NULL,
  salary_max            INTEGER,             -- NULL: open-ended ("…以上")
  salary_months         INTEGER,
  education_required    VARCHAR NOT NULL,
  experience_min_years  DOUBLE NOT NULL,
  experience_max_years  DOUBLE,
  headcount             INTEGER NOT NULL,
  description           VARCHAR NOT NULL,
  skills                VARCHAR[] NOT NULL,
  employment_type       VARCHAR NOT NULL,
  status                VARCHAR NOT NULL,
  posted_date           DATE NOT NULL,
  expiry_date           DATE,
  commitment_accepted   BOOLEAN NOT NULL,
  source                VARCHAR,
  ingest_batch_id       BIGINT,
  ingested_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE seekers (
  id                    VARCHAR NOT NULL,
  version               BIGINT NOT NULL,
  event_time            TIMESTAMPTZ NOT NULL,
  id_hash               VARCHAR,             -- HMAC-SHA256 of the ID number; the raw number is never stored
  gender                VARCHAR NOT NULL,
  residence_region      VARCHAR NOT NULL,
  office_region         VARCHAR,
  birth_year            INTEGER NOT NULL,
  education             VARCHAR NOT NULL,
  graduation_year       INTEGER,
  experience_years      DOUBLE NOT NULL,
  skills                VARCHAR[] NOT NULL,
  experience_text       VARCHAR NOT NULL,
  desired_titles        VARCHAR[] NOT NULL,
  desired_occupations   VARCHAR[] NOT NULL,
  desired_industries    VARCHAR[] NOT NULL,
  desired_regions       VARCHAR[] NOT NULL,
  desired_salary_min    INTEGER,
  desired_salary_max    INTEGER,
  willing_to_relocate   BOOLEAN NOT NULL,
  employment_status     VARCHAR NOT NULL,
  registration_date     DATE,
  draws_ui_benefit      BOOLEAN NOT NULL,
  ui_benefit_since      DATE,
  household_id          VARCHAR,
  key_groups            VARCHAR[] NOT NULL,
  contact_channel       VARCHAR NOT NULL,
  failed_referrals      INTEGER NOT NULL,
  ingest_batch_id       BIGINT,
  ingested_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE enterprise_reports (
  id                    VARCHAR NOT NULL,
  version               BIGINT NOT NULL,
  event_time            TIMESTAMPTZ NOT NULL,
  employer_credit_code  VARCHAR NOT NULL,
  employer_name         VARCHAR,
  region_code           VARCHAR NOT NULL,
  industry_code         VARCHAR NOT NULL,
  period                VARCHAR NOT NULL,    -- YYYY-MM
  headcount_baseline    INTEGER NOT NULL,
  headcount_now         INTEGER NOT NULL,
  insured_headcount     INTEGER NOT NULL,
  layoffs_this_period   INTEGER NOT NULL,
  planned_layoffs       INTEGER NOT NULL,
  plan_filed_date       DATE,
  production_status     VARCHAR NOT NULL,
  wage_arrears          BOOLEAN NOT NULL,
  wage_arrears_amount   DOUBLE,
  closure_notice        VARCHAR NOT NULL,
  reduction_reason      VARCHAR,
  ingest_batch_id       BIGINT,
  ingested_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE follow_ups (
  id                    VARCHAR NOT NULL,
  version               BIGINT NOT NULL,
  event_time            TIMESTAMPTZ NOT NULL,
  seeker_id             VARCHAR NOT NULL,
  date                  DATE NOT NULL,
  channel               VARCHAR NOT NULL,
  result                VARCHAR NOT NULL,
  office_region         VARCHAR,
  caseworker_id         VARCHAR,
  note                  VARCHAR,
  ingest_batch_id       BIGINT,
  ingested_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE outcomes (
  id                    VARCHAR NOT NULL,
  version               BIGINT NOT NULL,
  event_time            TIMESTAMPTZ NOT NULL,
  seeker_id             VARCHAR NOT NULL,
  posting_id            VARCHAR NOT NULL,
  run_id                VARCHAR,
  event                 VARCHAR NOT NULL,
  date                  DATE NOT NULL,
  contract_months       INTEGER,
  start_date            DATE,
  social_insurance      BOOLEAN,
  ingest_batch_id       BIGINT,
  ingested_at           TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE rejected_seq START 1;
-- Dead letters: the raw record as received (ID numbers masked), where it came from and why it failed.
CREATE TABLE rejected (
  rejected_id           BIGINT PRIMARY KEY DEFAULT nextval('rejected_seq'),
  source                VARCHAR NOT NULL,    -- file path, "kafka:<topic>", "csv:<file>"
  position              VARCHAR NOT NULL,    -- line number, or partition/offset
  record_type           VARCHAR,
  record_id             VARCHAR,
  reason                VARCHAR NOT NULL,    -- one line: the first problem
  issues                JSON NOT NULL,       -- every problem as [{code, path, message}]
  raw                   VARCHAR,             -- at most 64 KiB of the original text
  raw_bytes             BIGINT NOT NULL,
  ingest_batch_id       BIGINT,
  rejected_at           TIMESTAMPTZ NOT NULL
);

CREATE SEQUENCE ingest_batch_seq START 1;
CREATE TABLE ingest_batches (
  batch_id              BIGINT PRIMARY KEY,
  source                VARCHAR NOT NULL,
  kind                  VARCHAR NOT NULL,    -- file | csv | kafka
  first_position        VARCHAR,
  last_position         VARCHAR,
  read                  BIGINT NOT NULL,
  stored                BIGINT NOT NULL,
  stale                 BIGINT NOT NULL,     -- duplicates or older versions that changed nothing
  rejected              BIGINT NOT NULL,
  started_at            TIMESTAMPTZ NOT NULL,
  finished_at           TIMESTAMPTZ NOT NULL
);

-- Consumed Kafka offsets, committed in the same transaction as the rows they produced.
CREATE TABLE kafka_offsets (
  group_id              VARCHAR NOT NULL,
  topic                 VARCHAR NOT NULL,
  partition             INTEGER NOT NULL,
  next_offset           BIGINT NOT NULL,
  updated_at            TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (group_id, topic, partition)
);

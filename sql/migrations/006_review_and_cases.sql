-- 006_review_and_cases: the review desk and the caseworker console (issue #12). Owned by
-- src/review/ (posting reviews) and src/cases/ (cases). Table and column names are an interface:
-- the query pack and the console read them. None of these tables is a record kind: they are
-- written only by the functions in those folders, and every change by a person is a row of
-- posting_review_decisions or case_events (who and when), never an edit without one.

-- The review of each posting version before publication (policy: posting-review; collect → review → publish →
-- match, policy: posting-review). One row per (posting_id, posting_version): the automatic findings and the
-- version's current state. Only the current version of a posting counts; a new version is
-- reviewed again. (posting_id, posting_version) is unique, kept by the review step's insert (an
-- anti-join under the one writer), not by a PRIMARY KEY: the ART index cost more than the rest of
-- the insert together (as for the record tables, 001_core.sql).
CREATE TABLE posting_reviews (
  posting_id            VARCHAR NOT NULL,
  posting_version       BIGINT NOT NULL,
  region_code           VARCHAR NOT NULL,    -- the version's region: the reviewer's scope
  state                 VARCHAR NOT NULL,    -- pending | approved | rejected | returned
  findings              JSON NOT NULL,       -- ReviewFinding[] (src/review/ReviewFinding.ts), zh and en
  blocking              BOOLEAN NOT NULL,    -- a `block` finding: never approved automatically
  categories            VARCHAR[] NOT NULL,  -- the findings' categories (gender, age, minimum_wage, duplicate, …)
  source                VARCHAR,             -- postings.source of the version
  ingest_source         VARCHAR,             -- ingest_batches.source: file path, kafka:<topic>, csv path
  ingest_batch_id       BIGINT,
  trusted_source        VARCHAR,             -- the review.trustedSources entry that matched; NULL = not trusted
  auto_approved         BOOLEAN NOT NULL,    -- approved automatically: trusted source and no block finding
  commitment_accepted   BOOLEAN NOT NULL,    -- accepted on a caseworker's written commitment (policy: commitment-acceptance)
  submitted_at          TIMESTAMPTZ NOT NULL,    -- the version arrived (postings.ingested_at): queue age
  reviewed_at           TIMESTAMPTZ NOT NULL,    -- the automatic review ran
  decided_by            VARCHAR,             -- the latest decision (also in posting_review_decisions)
  decided_at            TIMESTAMPTZ,
  reason                VARCHAR
);

CREATE SEQUENCE review_decision_seq START 1;
-- Every decision on a posting version, automatic or a reviewer's: the history the state comes from.
CREATE TABLE posting_review_decisions (
  decision_id           BIGINT NOT NULL DEFAULT nextval('review_decision_seq'),  -- unique: from the sequence
  posting_id            VARCHAR NOT NULL,
  posting_version       BIGINT NOT NULL,
  action                VARCHAR NOT NULL,    -- auto_approve | approve | reject | return
  state_before          VARCHAR NOT NULL,
  state_after           VARCHAR NOT NULL,
  actor                 VARCHAR NOT NULL,    -- the reviewer's user name; 'system' for automatic approval
  reason                VARCHAR,             -- required to reject, to return, and to approve over a block finding
  decided_at            TIMESTAMPTZ NOT NULL
);

-- One case per hard-to-place seeker while it is open (graded guidance T3, expert focused service
-- T4: policy: five-way-service, employment-assistance). Match runs open and update cases (never a second open case for a
-- seeker); caseworkers assign, contact, plan and close them.
CREATE SEQUENCE case_seq START 1;
CREATE TABLE cases (
  case_id               VARCHAR PRIMARY KEY, -- 'case-<n>'
  seeker_id             VARCHAR NOT NULL,
  office_region         VARCHAR,             -- the seeker's office (else residence) when opened
  status                VARCHAR NOT NULL,    -- open | in_progress | closed
  tier                  VARCHAR NOT NULL,    -- the latest run's tier: T3 | T4
  points                INTEGER NOT NULL,
  reasons               VARCHAR NOT NULL,    -- the latest run's tier reasons, Chinese
  reasons_en            VARCHAR NOT NULL,
  first_run_id          VARCHAR NOT NULL,
  last_run_id           VARCHAR NOT NULL,
  runs_flagged          INTEGER NOT NULL,    -- runs that handed this seeker over while the case was open
  recommendations       INTEGER NOT NULL,    -- postings the latest run proposed to the caseworker
  assigned_to           VARCHAR,             -- the counsellor (user name)
  assigned_at           TIMESTAMPTZ,
  opened_at             TIMESTAMPTZ NOT NULL,    -- waiting time counts from here
  updated_at            TIMESTAMPTZ NOT NULL,
  last_contact_date     DATE,
  next_contact_date     DATE,                -- the next contact agreed (monthly at the latest, policy: monthly-follow-up)
  closed_at             TIMESTAMPTZ,
  closed_by             VARCHAR,
  outcome               VARCHAR,             -- employed | public_welfare_post | training | self_employed | …
  outcome_note          VARCHAR
);

CREATE SEQUENCE case_event_seq START 1;
-- Every change to a case, its plan or its referrals: who, when, what.
CREATE TABLE case_events (
  event_id              BIGINT NOT NULL DEFAULT nextval('case_event_seq'),  -- unique: from the sequence
  case_id               VARCHAR NOT NULL,
  seeker_id             VARCHAR NOT NULL,
  kind                  VARCHAR NOT NULL,    -- opened | tier_changed | assigned | contact | plan_step_added | plan_step_updated | referral | closed
  actor                 VARCHAR NOT NULL,    -- user name; 'system' for match runs
  happened_at           TIMESTAMPTZ NOT NULL,
  detail                JSON NOT NULL,       -- what changed, e.g. {"from": …, "to": …}
  run_id                VARCHAR,             -- the match run behind a system event
  follow_up_id          VARCHAR,             -- contact: the follow_ups record it wrote
  step_id               VARCHAR              -- plan and referral events: the step
);

-- The individual assistance plan (policy: employment-assistance): steps with a due date and a status.
CREATE SEQUENCE case_step_seq START 1;
CREATE TABLE case_plan_steps (
  step_id               VARCHAR PRIMARY KEY, -- 'step-<n>'
  case_id               VARCHAR NOT NULL,
  seeker_id             VARCHAR NOT NULL,
  kind                  VARCHAR NOT NULL,    -- training | public_welfare_post | referral | subsidy_application
  description           VARCHAR NOT NULL,
  posting_id            VARCHAR,             -- referral, public-welfare post: the posting
  run_id                VARCHAR,             -- referral from a recommendation: its run
  due_date              DATE NOT NULL,
  status                VARCHAR NOT NULL,    -- planned | in_progress | done | cancelled
  note                  VARCHAR,
  created_by            VARCHAR NOT NULL,
  created_at            TIMESTAMPTZ NOT NULL,
  updated_by            VARCHAR NOT NULL,
  updated_at            TIMESTAMPTZ NOT NULL
);

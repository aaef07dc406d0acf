import type { RecordKind } from '../records/RecordKind.ts';
import { ALL_KINDS, recordKind } from '../records/recordKinds.ts';

/**
 * How each store table is cut down to a region scope. The predicates are fixed SQL (no input
 * is spliced in); the scope itself reaches DuckDB only as rows of the `scope_regions` table.
 * A table without a rule here is never exposed to a scoped session (default deny), so a table
 * added by a later migration cannot leak rows by accident.
 */
export interface TableRule {
  /** SELECT over `{{store}}.main.<table>` keeping only in-scope rows. */
  scoped: string;
  /** Column list for an empty stand-in when the table has not been created yet (written by a later pipeline). */
  standIn?: string;
}

const IN_SCOPE = '(SELECT code FROM scope_regions)';
const SEEKER = recordKind('seeker');
// Rows scoped through their seeker follow the seeker's own rule, so that rule must be a region column.
const SEEKER_REGION = 'regionColumn' in SEEKER.scope ? SEEKER.scope.regionColumn : 'no region column';
const SEEKERS_IN_SCOPE = `(SELECT id FROM {{store}}.main.${SEEKER.table} WHERE ${SEEKER_REGION} IN ${IN_SCOPE})`;

const POSTING = recordKind('posting');
const POSTING_REGION = 'regionColumn' in POSTING.scope ? POSTING.scope.regionColumn : 'no region column';
const POSTINGS_IN_SCOPE = `(SELECT id FROM {{store}}.main.${POSTING.table} WHERE ${POSTING_REGION} IN ${IN_SCOPE})`;

/**
 * A row kept for its seeker may name a posting of another region (an outcome, a recommendation,
 * a plan step): the row stays, but that posting's id reads NULL, so a scoped view reveals no id
 * of an out-of-scope record through a related table (docs/security.md, scope).
 */
function rowsOfSeekersInScope(table: string, columns: readonly string[]): string {
  const hidden = columns.includes('posting_id')
    ? ` REPLACE (CASE WHEN posting_id IN ${POSTINGS_IN_SCOPE} THEN posting_id END AS posting_id)`
    : '';
  return `SELECT *${hidden} FROM {{store}}.main.${table} WHERE seeker_id IN ${SEEKERS_IN_SCOPE}`;
}

/** A record table keeps the rows whose region column, or whose seeker's residence, is in scope (src/records/). */
function recordTableRule(kind: RecordKind): TableRule {
  if ('seekerColumn' in kind.scope) {
    const fields = Object.keys((kind.schema as unknown as { shape?: Record<string, unknown> }).shape ?? {});
    if (kind.scope.seekerColumn === 'seeker_id') return { scoped: rowsOfSeekersInScope(kind.table, fields) };
    return { scoped: `SELECT * FROM {{store}}.main.${kind.table} WHERE ${kind.scope.seekerColumn} IN ${SEEKERS_IN_SCOPE}` };
  }
  return { scoped: `SELECT * FROM {{store}}.main.${kind.table} WHERE ${kind.scope.regionColumn} IN ${IN_SCOPE}` };
}

export const TABLE_RULES: Readonly<Record<string, TableRule>> = {
  ...Object.fromEntries(ALL_KINDS.map((kind) => [kind.table, recordTableRule(kind)])),
  recommendations: {
    scoped: rowsOfSeekersInScope('recommendations', ['posting_id']),
    standIn:
      'run_id VARCHAR, seeker_id VARCHAR, posting_id VARCHAR, rank INTEGER, score DOUBLE, grade VARCHAR, tier VARCHAR, channel VARCHAR, created_at TIMESTAMPTZ',
  },
  layoff_alerts: {
    scoped: `SELECT * FROM {{store}}.main.layoff_alerts WHERE region_code IN ${IN_SCOPE}`,
    standIn:
      'alert_id VARCHAR, period VARCHAR, scope_kind VARCHAR, scope_key VARCHAR, level VARCHAR, level_rank INTEGER, ' +
      'region_code VARCHAR, region_name VARCHAR, industry_code VARCHAR, employer_credit_code VARCHAR, employer_name ' +
      'VARCHAR, on_watch_list BOOLEAN, compliance_flags VARCHAR[], explanation_zh VARCHAR, explanation_en VARCHAR, ' +
      'status VARCHAR, first_seen VARCHAR',
  },
  seeker_tiers: { scoped: `SELECT * FROM {{store}}.main.seeker_tiers WHERE seeker_id IN ${SEEKERS_IN_SCOPE}` },
  caseworker_queue: { scoped: `SELECT * FROM {{store}}.main.caseworker_queue WHERE seeker_id IN ${SEEKERS_IN_SCOPE}` },
  posting_flags: {
    scoped: `SELECT * FROM {{store}}.main.posting_flags WHERE posting_id IN (SELECT id FROM {{store}}.main.postings WHERE region_code IN ${IN_SCOPE})`,
    standIn:
      'posting_id VARCHAR, posting_version BIGINT, kind VARCHAR, matched VARCHAR, label_zh VARCHAR, label_en VARCHAR, run_id VARCHAR, detected_at TIMESTAMPTZ',
  },
  // The review desk and the caseworker console (sql/migrations/006_review_and_cases.sql): a review
  // by its posting version's region, a decision through its review; cases, their events and plan
  // steps through the seeker's residence, as the seeker's own rows.
  posting_reviews: {
    scoped: `SELECT * FROM {{store}}.main.posting_reviews WHERE region_code IN ${IN_SCOPE}`,
    standIn:
      'posting_id VARCHAR, posting_version BIGINT, region_code VARCHAR, state VARCHAR, findings JSON, blocking BOOLEAN, ' +
      'categories VARCHAR[], source VARCHAR, ingest_source VARCHAR, ingest_batch_id BIGINT, trusted_source VARCHAR, ' +
      'auto_approved BOOLEAN, commitment_accepted BOOLEAN, submitted_at TIMESTAMPTZ, reviewed_at TIMESTAMPTZ, decided_by ' +
      'VARCHAR, decided_at TIMESTAMPTZ, reason VARCHAR',
  },
  posting_review_decisions: {
    scoped:
      `SELECT d.* FROM {{store}}.main.posting_review_decisions d WHERE EXISTS (SELECT 1 FROM ` +
      `{{store}}.main.posting_reviews r WHERE r.posting_id = d.posting_id AND r.posting_version = d.posting_version AND ` +
      `r.region_code IN ${IN_SCOPE})`,
    standIn:
      'decision_id BIGINT, posting_id VARCHAR, posting_version BIGINT, action VARCHAR, state_before VARCHAR, ' +
      'state_after VARCHAR, actor VARCHAR, reason VARCHAR, decided_at TIMESTAMPTZ',
  },
  cases: { scoped: `SELECT * FROM {{store}}.main.cases WHERE seeker_id IN ${SEEKERS_IN_SCOPE}` },
  case_events: { scoped: `SELECT * FROM {{store}}.main.case_events WHERE seeker_id IN ${SEEKERS_IN_SCOPE}` },
  case_plan_steps: { scoped: rowsOfSeekersInScope('case_plan_steps', ['posting_id']) },
  // Operational tables carry no region: a scoped user sees their columns but no rows.
  rejected: { scoped: 'SELECT * FROM {{store}}.main.rejected WHERE false' },
  ingest_batches: { scoped: 'SELECT * FROM {{store}}.main.ingest_batches WHERE false' },
  kafka_offsets: { scoped: 'SELECT * FROM {{store}}.main.kafka_offsets WHERE false' },
  match_runs: { scoped: 'SELECT * FROM {{store}}.main.match_runs WHERE false' },
  schema_migrations: { scoped: 'SELECT * FROM {{store}}.main.schema_migrations' },
};

/**
 * Tables no session ever shows, scoped or national, to the query pack or to ad-hoc SQL: the
 * service's users, password and token hashes, sessions, and the access trail (sql/migrations/005_auth.sql).
 * Checked before TABLE_RULES, so a rule added for one of them by mistake exposes nothing.
 */
export const NEVER_EXPOSED: ReadonlySet<string> = new Set(['users', 'auth_sessions', 'api_tokens', 'auth_events', 'access_log']);

/** Reference tables the session builds itself (names for codes); the store's copies, if any, are not read. */
export const SESSION_TABLES = new Set(['regions', 'occupations', 'scope_regions', 'key_groups', 'education_levels', 'industry_sections']);

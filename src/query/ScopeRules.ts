/**
 * How each store table is cut down to a region scope. The predicates are fixed SQL (no input
 * is spliced in); the scope itself reaches DuckDB only as rows of the `scope_regions` table.
 * A table without a rule here is never exposed to a scoped session (default deny), so a table
 * added by a later migration cannot leak rows by accident.
 */
export interface TableRule {
  /** SELECT over `store.main.<table>` keeping only in-scope rows. */
  scoped: string;
  /** Column list for an empty stand-in when the table has not been created yet (written by a later pipeline). */
  standIn?: string;
}

const IN_SCOPE = '(SELECT code FROM scope_regions)';
const SEEKERS_IN_SCOPE = `(SELECT id FROM store.main.seekers WHERE residence_region IN ${IN_SCOPE})`;

export const TABLE_RULES: Readonly<Record<string, TableRule>> = {
  postings: { scoped: `SELECT * FROM store.main.postings WHERE region_code IN ${IN_SCOPE}` },
  // A seeker belongs to the office of their residence: that is where they register (003 §20).
  seekers: { scoped: `SELECT * FROM store.main.seekers WHERE residence_region IN ${IN_SCOPE}` },
  enterprise_reports: { scoped: `SELECT * FROM store.main.enterprise_reports WHERE region_code IN ${IN_SCOPE}` },
  follow_ups: { scoped: `SELECT * FROM store.main.follow_ups WHERE seeker_id IN ${SEEKERS_IN_SCOPE}` },
  outcomes: { scoped: `SELECT * FROM store.main.outcomes WHERE seeker_id IN ${SEEKERS_IN_SCOPE}` },
  recommendations: {
    scoped: `SELECT * FROM store.main.recommendations WHERE seeker_id IN ${SEEKERS_IN_SCOPE}`,
    standIn:
      'run_id VARCHAR, seeker_id VARCHAR, posting_id VARCHAR, rank INTEGER, score DOUBLE, grade VARCHAR, tier VARCHAR, channel VARCHAR, created_at TIMESTAMPTZ',
  },
  layoff_alerts: {
    scoped: `SELECT * FROM store.main.layoff_alerts WHERE region_code IN ${IN_SCOPE}`,
    standIn:
      'alert_id VARCHAR, period VARCHAR, scope_kind VARCHAR, scope_key VARCHAR, level VARCHAR, level_rank INTEGER, region_code VARCHAR, region_name VARCHAR, industry_code VARCHAR, employer_credit_code VARCHAR, employer_name VARCHAR, on_watch_list BOOLEAN, compliance_flags VARCHAR[], explanation_zh VARCHAR, explanation_en VARCHAR, status VARCHAR, first_seen VARCHAR',
  },
  seeker_tiers: { scoped: `SELECT * FROM store.main.seeker_tiers WHERE seeker_id IN ${SEEKERS_IN_SCOPE}` },
  caseworker_queue: { scoped: `SELECT * FROM store.main.caseworker_queue WHERE seeker_id IN ${SEEKERS_IN_SCOPE}` },
  posting_flags: {
    scoped: `SELECT * FROM store.main.posting_flags WHERE posting_id IN (SELECT id FROM store.main.postings WHERE region_code IN ${IN_SCOPE})`,
    standIn:
      'posting_id VARCHAR, posting_version BIGINT, kind VARCHAR, matched VARCHAR, label_zh VARCHAR, label_en VARCHAR, run_id VARCHAR, detected_at TIMESTAMPTZ',
  },
  // Operational tables carry no region: a scoped user sees their columns but no rows.
  rejected: { scoped: 'SELECT * FROM store.main.rejected WHERE false' },
  ingest_batches: { scoped: 'SELECT * FROM store.main.ingest_batches WHERE false' },
  kafka_offsets: { scoped: 'SELECT * FROM store.main.kafka_offsets WHERE false' },
  match_runs: { scoped: 'SELECT * FROM store.main.match_runs WHERE false' },
  schema_migrations: { scoped: 'SELECT * FROM store.main.schema_migrations' },
};

/** Reference tables the session builds itself (names for codes); the store's copies, if any, are not read. */
export const SESSION_TABLES = new Set(['regions', 'occupations', 'scope_regions', 'key_groups', 'education_levels', 'industry_sections']);

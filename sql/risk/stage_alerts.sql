-- Staging table the alert rows are appended to before one upsert into layoff_alerts.
CREATE OR REPLACE TEMP TABLE layoff_alerts_stage (
  alert_id VARCHAR, period VARCHAR, scope_kind VARCHAR, scope_key VARCHAR, level VARCHAR, level_rank INTEGER,
  region_code VARCHAR, region_name VARCHAR, industry_code VARCHAR, employer_credit_code VARCHAR, employer_name VARCHAR,
  on_watch_list BOOLEAN, compliance_flags VARCHAR, signals VARCHAR, metrics VARCHAR,
  explanation_zh VARCHAR, explanation_en VARCHAR, status VARCHAR, first_seen VARCHAR, escalated_from VARCHAR,
  pushed BOOLEAN, run_id VARCHAR
);

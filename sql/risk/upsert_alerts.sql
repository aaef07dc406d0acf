-- Moves staged rows into layoff_alerts: new rows are inserted; a row for the same
-- (period, scope) is only ever replaced by an escalation, keeping its created_at.
INSERT INTO layoff_alerts
SELECT alert_id, period, scope_kind, scope_key, level, level_rank, region_code, region_name, industry_code,
       employer_credit_code, employer_name, on_watch_list,
       from_json(compliance_flags, '["VARCHAR"]'), signals::JSON, metrics::JSON,
       explanation_zh, explanation_en, status, first_seen, escalated_from, pushed, run_id, now(), now()
FROM layoff_alerts_stage
ON CONFLICT (alert_id) DO UPDATE SET
  level = excluded.level, level_rank = excluded.level_rank, compliance_flags = excluded.compliance_flags,
  signals = excluded.signals, metrics = excluded.metrics, explanation_zh = excluded.explanation_zh,
  explanation_en = excluded.explanation_en, status = excluded.status, escalated_from = excluded.escalated_from,
  pushed = excluded.pushed OR layoff_alerts.pushed, run_id = excluded.run_id, updated_at = excluded.updated_at;

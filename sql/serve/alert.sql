SELECT alert_id, period, scope_kind, scope_key, level, level_rank, region_code, region_name, industry_code,
       employer_credit_code, employer_name, on_watch_list, compliance_flags, explanation_zh, explanation_en,
       status, first_seen
FROM layoff_alerts
WHERE alert_id = $alert_id

-- Escalates one stored alert in place (same period and scope, higher level); created_at stays.
UPDATE layoff_alerts SET
  level = $level, level_rank = $level_rank, compliance_flags = from_json($compliance_flags, '["VARCHAR"]'),
  signals = $signals::JSON, metrics = $metrics::JSON, explanation_zh = $explanation_zh, explanation_en = $explanation_en,
  status = $status, escalated_from = $escalated_from, pushed = $pushed OR pushed, run_id = $run_id, updated_at = now()
WHERE alert_id = $alert_id;

-- Alert levels already recorded for $period and for $prev_period (dedup and escalation).
SELECT alert_id, period, scope_kind, scope_key, level, first_seen
FROM layoff_alerts
WHERE period IN ($period, $prev_period);

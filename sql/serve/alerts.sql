-- Layoff-risk alerts the caller may see (layoff_alerts is the scoped view), highest level first.
SELECT alert_id, period, scope_kind, scope_key, level, level_rank, region_code, region_name, industry_code,
       employer_credit_code, employer_name, on_watch_list, compliance_flags, explanation_zh, explanation_en,
       status, first_seen
FROM layoff_alerts
WHERE ($period = '' OR period = $period)
  AND ($scope_kind = '' OR scope_kind = $scope_kind)
  AND level_rank >= $min_rank
ORDER BY period DESC, level_rank DESC, scope_kind, scope_key
LIMIT $limit

-- name: layoff-risk
-- title_zh: 规模性失业风险预警汇总
-- title_en: Layoff risk summary
-- description: The alerts `labourflow watch-layoffs` wrote for a period (risk levels blue /
--   yellow / orange / red, 蓝黄橙红, and named watch-list enterprises whatever their level),
--   most severe first, with where they are, the compliance flags and the explanation. Empty
--   until watch-layoffs has run.
-- requires: layoff_alerts
-- param: period month = latest -- YYYY-MM; latest = the newest period with alerts
-- param: min_level enum(none|blue|yellow|orange|red) = none -- lowest level listed (none includes watch-list rows)
WITH chosen AS (
  SELECT coalesce(CASE WHEN $period = 'latest' THEN NULL ELSE $period END, (SELECT max(period) FROM layoff_alerts)) AS period
)
SELECT a.period, a.level,
  CASE a.level WHEN 'red' THEN '红' WHEN 'orange' THEN '橙' WHEN 'yellow' THEN '黄' WHEN 'blue' THEN '蓝' ELSE '关注' END AS level_zh,
  a.scope_kind, a.region_code, coalesce(r.name, a.region_name) AS region_name, a.industry_code,
  a.employer_name, a.on_watch_list, a.status, a.first_seen, a.compliance_flags, a.explanation_zh, a.explanation_en
FROM layoff_alerts a
LEFT JOIN regions r ON r.code = a.region_code
WHERE a.period = (SELECT period FROM chosen)
  AND a.level_rank >= CASE $min_level WHEN 'red' THEN 4 WHEN 'orange' THEN 3 WHEN 'yellow' THEN 2 WHEN 'blue' THEN 1 ELSE 0 END
ORDER BY a.level_rank DESC, a.scope_kind, a.region_code, a.industry_code, a.employer_name

-- name: matching-funnel
-- title_zh: 人岗匹配转化漏斗（按服务层级与推荐等级）
-- title_en: Matching funnel by seeker tier and recommendation grade
-- description: Recommendations pushed by the matching runs (tier T1–T4 = how much human help
--   the seeker needs; grade A–D = how good the match is), and how many led to an
--   application, an interview and a hire recorded for the same seeker and posting (the
--   outcomes ledger). Empty until `labourflow match` has written recommendations.
-- requires: recommendations, outcomes
-- param: run_id string = all -- one matching run, or all runs
WITH recs AS (
  SELECT DISTINCT seeker_id, posting_id, tier, grade
  FROM recommendations
  WHERE $run_id = 'all' OR run_id = $run_id
),
reached AS (
  SELECT seeker_id, posting_id,
    bool_or(event IN ('applied', 'interviewed', 'hired')) AS applied,
    bool_or(event IN ('interviewed', 'hired')) AS interviewed,
    bool_or(event = 'hired') AS hired
  FROM outcomes
  WHERE seeker_id IN (SELECT seeker_id FROM recs)
  GROUP BY seeker_id, posting_id
)
SELECT r.tier, r.grade,
  count(*) AS recommended,
  count(*) FILTER (WHERE o.applied) AS applied,
  count(*) FILTER (WHERE o.interviewed) AS interviewed,
  count(*) FILTER (WHERE o.hired) AS hired,
  round(count(*) FILTER (WHERE o.applied) / count(*), 3) AS apply_rate,
  round(count(*) FILTER (WHERE o.hired) / nullif(count(*) FILTER (WHERE o.applied), 0), 3) AS hire_per_application
FROM recs r
LEFT JOIN reached o USING (seeker_id, posting_id)
GROUP BY ALL
ORDER BY r.tier, r.grade

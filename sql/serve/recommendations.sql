-- Recommendations of seekers in the caller's region (recommendations is the scoped view):
-- one seeker's, or everyone's, of one run or of each seeker's latest run.
WITH latest AS (
  SELECT seeker_id, max(run_id) AS run_id FROM recommendations
  WHERE ($seeker_id = '' OR seeker_id = $seeker_id)
  GROUP BY seeker_id
)
SELECT r.run_id, r.seeker_id, r.posting_id, r.rank, r.score, r.grade, r.tier, r.channel,
       r.explanation, r.explanation_en, r.top_factors, r.skills_gap, r.pushed,
       strftime(r.created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS created_at
FROM recommendations r
LEFT JOIN latest l ON l.seeker_id = r.seeker_id AND l.run_id = r.run_id
WHERE ($seeker_id = '' OR r.seeker_id = $seeker_id)
  AND (CASE WHEN $run_id = '' THEN l.run_id IS NOT NULL ELSE r.run_id = $run_id END)
  AND ($grade = '' OR r.grade = $grade)
ORDER BY r.seeker_id, r.run_id DESC, r.rank
LIMIT $limit

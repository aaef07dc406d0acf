-- The newest succeeded match run as of the demo's pinned date ($as_of) when nothing it read has
-- changed since it started (no record ingested, no posting reviewed or decided after it): a demo
-- re-run on the same rows would only repeat it, so the demo reuses it and changes no row.
WITH last_change AS (
  SELECT max(t) AS t FROM (
    SELECT max(ingested_at) AS t FROM postings
    UNION ALL SELECT max(ingested_at) FROM seekers
    UNION ALL SELECT max(ingested_at) FROM outcomes
    UNION ALL SELECT max(ingested_at) FROM follow_ups
    UNION ALL SELECT max(greatest(reviewed_at, coalesce(decided_at, reviewed_at))) FROM posting_reviews
  )
)
SELECT m.run_id
FROM match_runs m, last_change c
WHERE m.status = 'succeeded' AND m.mode = 'full'
  AND CAST(m.as_of AS DATE) = CAST($as_of AS DATE)
  AND (c.t IS NULL OR m.started_at >= c.t)
ORDER BY m.started_at DESC
LIMIT 1

-- Open recommendations per posting, which use up its capacity ⌈k·headcount⌉ across runs: handed
-- to the seeker (pushed) or to their caseworker inside the cooldown window ($since), and not
-- closed by an outcome of the pair (hired, declined). A dry run's recommendations were handed to
-- no one and do not count.
SELECT r.posting_id, count(DISTINCT r.seeker_id) AS open
FROM recommendations r
WHERE r.created_at >= CAST($since AS TIMESTAMPTZ) AND (r.pushed OR r.channel = 'caseworker')
  AND NOT EXISTS (
    SELECT 1 FROM outcomes o
    WHERE o.seeker_id = r.seeker_id AND o.posting_id = r.posting_id AND o.event IN ('hired', 'declined')
  )
GROUP BY r.posting_id

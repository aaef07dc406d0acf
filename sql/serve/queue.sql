-- The caseworker queue of the caller's region (caseworker_queue is the scoped view): each
-- seeker's latest entry, hardest cases (T4, most points) and longest waiting first.
SELECT run_id, seeker_id, tier, points, office_region, reasons, reasons_en, recommendations, status,
       strftime(created_at AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%SZ') AS created_at
FROM caseworker_queue
WHERE ($tier = '' OR tier = $tier)
  AND ($status = '' OR status = $status)
QUALIFY row_number() OVER (PARTITION BY seeker_id ORDER BY created_at DESC, run_id DESC) = 1
ORDER BY tier DESC, points DESC, created_at, seeker_id
LIMIT $limit

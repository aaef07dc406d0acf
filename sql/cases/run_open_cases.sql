-- Seekers the run handed over who have no open case get one, unless a case of theirs was closed
-- less than $quiet_days ago (closing is a caseworker's decision; the next month's contact, policy: monthly-follow-up,
-- is when to look again).
INSERT INTO cases (case_id, seeker_id, office_region, status, tier, points, reasons, reasons_en, first_run_id, last_run_id,
  runs_flagged, recommendations, opened_at, updated_at)
SELECT 'case-' || nextval('case_seq'), q.seeker_id, q.office_region, 'open', q.tier, q.points, q.reasons, q.reasons_en,
  $run_id, $run_id, 1, q.recommendations, now(), now()
FROM caseworker_queue q
WHERE q.run_id = $run_id
  AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.seeker_id = q.seeker_id AND c.status <> 'closed')
  AND NOT EXISTS (
    SELECT 1 FROM cases c
    WHERE c.seeker_id = q.seeker_id AND c.status = 'closed' AND c.closed_at > now() - to_days(CAST($quiet_days AS INTEGER))
  )

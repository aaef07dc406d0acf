-- The 'opened' event of each case the run opened.
INSERT INTO case_events (case_id, seeker_id, kind, actor, happened_at, detail, run_id)
SELECT c.case_id, c.seeker_id, 'opened', 'system', c.opened_at, json_object('tier', c.tier, 'points', c.points), $run_id
FROM cases c
WHERE c.first_run_id = $run_id
  AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.case_id AND e.kind = 'opened')

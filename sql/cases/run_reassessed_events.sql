-- A run that hands over a seeker whose case is open with another tier or points: the change is an
-- event of the case (actor 'system', the run), before the case is updated.
INSERT INTO case_events (case_id, seeker_id, kind, actor, happened_at, detail, run_id)
SELECT c.case_id, c.seeker_id, 'reassessed', 'system', now(),
  json_object('tier_from', c.tier, 'tier_to', q.tier, 'points_from', c.points, 'points_to', q.points), $run_id
FROM cases c JOIN caseworker_queue q ON q.seeker_id = c.seeker_id AND q.run_id = $run_id
WHERE c.status <> 'closed' AND (c.tier <> q.tier OR c.points <> q.points)

-- The run updates the seeker's open case: never a second one (issue #12).
UPDATE cases SET tier = q.tier, points = q.points, reasons = q.reasons, reasons_en = q.reasons_en,
  last_run_id = $run_id, runs_flagged = cases.runs_flagged + 1, recommendations = q.recommendations, updated_at = now()
FROM caseworker_queue q
WHERE q.run_id = $run_id AND q.seeker_id = cases.seeker_id AND cases.status <> 'closed'

UPDATE case_plan_steps SET status = $status, due_date = CAST($due_date AS DATE), note = $note, updated_by = $actor,
  updated_at = CAST($at AS TIMESTAMPTZ)
WHERE step_id = $step_id
